"""The README's example outputs are the tool's own (scripts/readme_example.py writes them)."""
import importlib.util

from conftest import ROOT


def _script():
    spec = importlib.util.spec_from_file_location("readme_example", ROOT / "scripts" / "readme_example.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_readme_examples_are_the_tools_output():
    mod = _script()
    readme = (ROOT / "README.md").read_text("utf-8")
    for name, command in mod.EXAMPLES.items():
        want = mod.block(name, mod.example(command))
        assert mod.current(name, readme) == want, f"README example {name}: run python scripts/readme_example.py"


def test_readme_example_is_the_report_at_80_columns():
    mod = _script()
    text = mod.current("report", (ROOT / "README.md").read_text("utf-8"))
    lines = text.splitlines()[3:-2]        # the output, without the markers and the command line
    assert lines and all(len(line) <= 80 and line == line.rstrip() for line in lines)
    assert lines[-1].startswith("FAIL: 8 of 12 findings")
