"""OR-Tools' CP-SAT module, imported without loading pandas.

`ortools.sat.python.cp_model` imports pandas at module level for its `*_series` helpers only,
which coursepick never calls; that import costs about 0.25 s of a 0.8 s `coursepick solve`. While
cp_model loads it sees a stand-in whose Index and Series match nothing; a later `import pandas`
anywhere still gets the real package. Should an OR-Tools release need more of pandas at import,
we fall back to the ordinary import.
"""

import importlib
import sys
import types


def _stand_in() -> types.ModuleType:
    module = types.ModuleType("pandas", "coursepick's stand-in while cp_model imports")
    module.Index = type("Index", (), {})  # type: ignore[attr-defined]
    module.Series = type("Series", (), {})  # type: ignore[attr-defined]
    return module


def _import_cp_model() -> types.ModuleType:
    if "pandas" in sys.modules or "ortools.sat.python.cp_model" in sys.modules:
        return importlib.import_module("ortools.sat.python.cp_model")
    stand_in = sys.modules["pandas"] = _stand_in()
    try:
        return importlib.import_module("ortools.sat.python.cp_model")
    except AttributeError:
        sys.modules.pop("ortools.sat.python.cp_model", None)
        del sys.modules["pandas"]
        return importlib.import_module("ortools.sat.python.cp_model")
    finally:
        if sys.modules.get("pandas") is stand_in:
            del sys.modules["pandas"]


cp_model = _import_cp_model()
