"""Speaker gender in Chinese, Japanese and Arabic translations (AUD611).

Indonesian marks no gender in 'katanya', 'ujarnya' or 'ia'; Chinese does in 他/她, Japanese in
彼/彼女, Arabic in the verb ('قال'/'قالت') and the pronoun suffixes ('وفقا له'/'لها'). This module

1. reads the Indonesian source: who speaks in each sentence ('kata Retno', 'Ibu Evy mengatakan',
   'Menurut Eri', and 'ujarnya'/'Ia menambahkan' for the last person named), and each person's
   gender from the source alone: an honorific before the name (Ibu, Bu, Pak, Bapak...), the
   bundled first-name lexicon (speaker.first_names), a gender noun beside the name
   ('perempuan', 'pria');
2. finds in the aligned translation sentences the forms that mark the speaker's gender: 他/她 as
   the subject of a speech verb (zh), 彼/彼女 as the subject of an attribution (ja), a speech
   verb opening a clause or an attribution phrase with a pronoun suffix (ar);
3. reports a form of the other gender, with the evidence and the agreeing form.

It is its own module, apart from the French/English checks (the checks/speaker/ package, AUD601 and AUD602), and uses
only that module's public `first_names()`; the speaker package can take it in as one more pass.
Words live in data/speaker_script.json and data/gender_titles.json. Step 1 lives in
checks/_speaker_source.py, step 2 in checks/_speaker_forms.py; this module holds step 3, the check.
"""
from __future__ import annotations

from typing import Iterable

from ..types import Finding, Segment
from ._scripts import base_lang
from ._speaker_forms import (Form, forms, name_verb_forms, noun_forms, referent_forms,  # noqa: F401
                             role_title_forms, title_forms)
from ._speaker_source import (GENDER_WORD, Person, SourceSpeakers, _gender_nouns, _name_runs,  # noqa: F401
                              source_people, source_speakers)
from .base import Check, CheckInfo, Context, register


@register
class SpeakerGenderScript(Check):
    info = CheckInfo(
        code="AUD611", name="speaker-gender-zh-ja-ar", category="speaker_gender", severity="major",
        summary="Chinese, Japanese, Arabic: a pronoun or verb form for the speaker contradicts the speaker's gender.",
        explanation=(
            "Indonesian marks no gender in 'katanya', 'ujarnya' or 'ia'; Chinese does in 他/她, Japanese "
            "in 彼/彼女, Arabic in the verb and the pronoun suffixes, and machine translation falls back "
            "on the masculine. The check reads who speaks in each source sentence ('kata Retno', 'Ibu "
            "Evy mengatakan', 'Menurut Eri'; 'ujarnya' and 'Ia menambahkan' refer to the last person "
            "named; an office alone, 'Kepala Dinas juga meminta', names the one person of the article "
            "written with it) and the speaker's gender from the source alone: an honorific before the "
            "name (Ibu, Bu, Pak, Bapak...), the bundled first-name lexicon, a word such as 'perempuan' or "
            "'pria' beside the name, then the indonamegender model where installed (confident answers "
            "only, for a name that reads as a person's: after an honorific or a rank, in two words, or "
            "one rare word right at a speech verb). In the aligned translation sentence it looks at 他/她 as the subject of a "
            "speech verb (zh: '他说', '据她介绍'), 彼/彼女 as the subject of an attribution (ja), and, "
            "in Arabic, a speech verb opening a clause ('وقال'/'وقالت', 'أضاف'/'أضافت') or an attribution "
            "phrase with a pronoun suffix ('وفقا له'/'لها'), also a speech verb followed closely by the "
            "speaker's name wherever it stands, 'كما قال', 'على حد قوله', and a participle of attribution "
            "('مضيفا أن') after the quotation or the speaker's own verb; a definite noun right after the "
            "verb is its subject instead ('وقالت الشرطة'). A title beside the name (先生/女士, "
            "السيد/السيدة) is checked in any sentence that names one person; in Arabic, the office that "
            "heads the title before the speaker's name takes the speaker's gender ('وزير الخارجية' "
            "for a woman: 'وزيرة'). A speaker the source "
            "describes instead of naming ('ujar perempuan itu', 'Pria itu mengatakan') is checked the "
            "same way, and against nouns such as 男子/女性 or الرجل/المرأة. In Chinese and Japanese, where the source "
            "sentence names no other person, any other 他/她 or 彼/彼女 of the sentence ('他的房子' for "
            "her house) refers to the speaker too. A form of the other gender is reported "
            "with the evidence and the agreeing form. Where the speaker's gender is unknown, nothing "
            "is said. (French and English: AUD601.)"),
        languages=("zh", "ja", "ar"),
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        lang = base_lang(ctx.tgt_lang)
        if lang not in ("zh", "ja", "ar"):
            return
        sp = source_speakers(ctx)
        people_of = source_people(ctx)
        for _, _, srcs, tgts in ctx.aligned_units():
            src_text = " ".join(s.text for s in srcs)
            named_people = {id(p): p for p in (people_of.find(w) for _, _, w in _name_runs(src_text)) if p}
            people = {id(sp.speaker[s.id]): (sp.speaker[s.id], sp.how[s.id]) for s in srcs if s.id in sp.speaker}
            if len(people) == 1:
                person, how = next(iter(people.values()))
            elif not people and len(named_people) == 1:
                # no attribution, one person named: a title beside a name is that person's
                # (a pronoun may be anyone's: the suspect, the victim the source leaves unnamed)
                person, how = next(iter(named_people.values())), "named"
            else:
                continue
            if person.gender is None:
                continue
            # a sentence about this one person only: its other pronouns refer to them too
            alone = set(named_people) <= {id(person)}
            for seg in tgts:
                found = forms(seg.text, lang, person.tokens)[:2] if how != "named" else \
                    name_verb_forms(seg.text, lang, person.tokens)[:2]
                if person.tokens[0] in _gender_nouns() and len(person.tokens) == 1:
                    found += [f for f in noun_forms(seg.text, lang)[:2]
                              if not any(f.start < g.end and g.start < f.end for g in found)]
                if alone:
                    found += title_forms(seg.text, lang)[:2]
                found += [f for f in role_title_forms(seg.text, lang, person.tokens)[:2]
                          if not any(f.start < g.end and g.start < f.end for g in found)]
                for f in found:
                    if f.gender == person.gender:
                        continue
                    yield self._finding(ctx, seg, f, person, how)
                if not alone or how == "named":
                    continue
                for f in referent_forms(seg.text, lang)[:2]:
                    if f.gender == person.gender or any(f.start < g.end and g.start < f.end for g in found):
                        continue
                    yield self._finding(ctx, seg, f, person, "referent")

    def _finding(self, ctx: Context, seg: Segment, f: Form, person: Person, how: str) -> Finding:
        written = seg.text[f.start:f.end]
        msg = (f"speaker: {person.name} ({person.evidence}); “{written}” is {GENDER_WORD[f.gender]}"
               + (" (the source refers back to the speaker with a pronoun)" if how == "pronoun" else
                  " (the sentence is about the speaker alone)" if how == "referent" else
                  " (the only person the source sentence names)" if how == "named" else ""))
        return ctx.finding(self, seg, f.start, f.end, msg, suggestion=f.suggestion,
                           confidence={"subject": 0.85, "pronoun": 0.75}.get(how, 0.6),
                           speaker=person.name, speaker_gender=person.gender, form_gender=f.gender,
                           resolution=how, gender_evidence=person.evidence)
