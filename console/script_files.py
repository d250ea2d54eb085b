"""Qualification scripts from YAML files: loaded whole or not at all; problems as file:line: msg.

The library is a directory of *.yaml files (subfolders too, e.g. an archive of old versions):
the repository's scripts_library/ unless HANDOFF_SCRIPTS_DIR or an argument says otherwise.
Lines come from PyYAML's composed nodes, so an editor can jump straight to the problem.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from console.domain.script_schema import validate
from console.domain.scripts import Script, build_script
from console.script_render import TemplateProblem, template_problems

SCRIPTS_DIR_ENV = "HANDOFF_SCRIPTS_DIR"
PACKAGED_LIBRARY = Path(__file__).resolve().parent.parent / "scripts_library"
SUFFIXES = (".yaml", ".yml")
_MERGE_TAG = "tag:yaml.org,2002:merge"

Located = tuple[int, str]  # (line from 1, message)


class ScriptFileError(ValueError):
    """A script file or library cannot be used; str() is one `file:line: message` per line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class ScriptLibrary(dict[tuple[str, int], Script]):
    """Every script version in the library, keyed by (id, version)."""

    def latest(self, script_id: str) -> Script:
        """The highest version of a script; KeyError naming the scripts there are."""
        versions = [version for known, version in self if known == script_id]
        if not versions:
            known = ", ".join(sorted({known for known, _ in self})) or "none"
            raise KeyError(f"no script {script_id!r} in the library; scripts there: {known}")
        return self[(script_id, max(versions))]


def library_directory(directory: str | os.PathLike[str] | None = None) -> Path:
    """Where the scripts live: the argument, else HANDOFF_SCRIPTS_DIR, else scripts_library/."""
    if directory is not None:
        return Path(directory)
    configured = os.environ.get(SCRIPTS_DIR_ENV, "").strip()
    return Path(configured) if configured else PACKAGED_LIBRARY


def load_script(path: str | os.PathLike[str]) -> Script:
    """The script in one file; ScriptFileError lists every problem and nothing is loaded."""
    script, problems, _ = _read(Path(path))
    if problems or script is None:
        raise ScriptFileError(problems)
    return script


def check_library(directory: str | os.PathLike[str] | None = None) -> list[str]:
    """Every problem in the library (a directory or one file), as `file:line: message`."""
    return _gather(library_directory(directory))[1]


def load_library(directory: str | os.PathLike[str] | None = None) -> ScriptLibrary:
    """All scripts in the library; ScriptFileError if any file has a problem."""
    library, problems = _gather(library_directory(directory))
    if problems:
        raise ScriptFileError(problems)
    return library


def _gather(root: Path) -> tuple[ScriptLibrary, list[str]]:
    library, places = ScriptLibrary(), {}
    paths, problems = _script_paths(root)
    for path in paths:
        script, found, node = _read(path)
        problems.extend(found)
        if script is None or node is None:
            continue
        key, here = (script.id, script.version), f"{_label(path)}:{_line(node, ('version',))}"
        if key in places:
            problems.append(
                f"{here}: script '{script.id}' version {script.version} is also in "
                f"{places[key]}; raise the version of the newer one"
            )
        else:
            places[key] = here
            library[key] = script
    return library, problems


def _script_paths(root: Path) -> tuple[list[Path], list[str]]:
    if root.is_file():
        return [root], []
    if not root.is_dir():
        return [], [f"{_label(root)}: no such file or directory"]
    paths = sorted(
        path
        for path in root.rglob("*")
        if path.suffix in SUFFIXES
        and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(root).parts)
    )
    if not paths:
        return [], [f"{_label(root)}: no script files ({', '.join(SUFFIXES)}) here"]
    return paths, []


def _label(path: Path) -> str:
    """The path as a person would type it: relative to where they stand when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _read(path: Path) -> tuple[Script | None, list[str], Node | None]:
    """The script in a file, or the problems that stop it loading, and its composed root node."""
    label = _label(path)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")  # editors on Windows may add a byte order mark
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [f"{label}:{line}: the file is not UTF-8 text; save it as UTF-8"], None
    except OSError as exc:
        return None, [f"{label}:1: cannot read the file ({exc.strerror})"], None
    try:
        root, doc, found = _parse(text)
    except yaml.YAMLError as exc:
        return None, [f"{label}:{_yaml_error_line(exc)}: {_yaml_error_message(exc)}"], None
    if root is None:
        return None, [f"{label}:1: the file is empty; a script starts with `id:`"], None
    found += [(_line(root, problem.path), problem.message) for problem in validate(doc)]
    found += _template_problems(root, doc, text.splitlines())
    if found:
        return None, [f"{label}:{line}: {message}" for line, message in sorted(found)], root
    return build_script(doc), [], root


def _parse(text: str) -> tuple[Node | None, Any, list[Located]]:
    """The composed root node, the document built from it, and duplicate keys found."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, None, []
        duplicates = list(_duplicate_keys(root))  # before construction merges `<<` keys in place
        return root, loader.construct_document(root), duplicates
    finally:
        loader.dispose()


def _yaml_error_line(exc: yaml.YAMLError) -> int:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark else 1


def _yaml_error_message(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    words = "; ".join(part for part in (problem, context) if part) or str(exc)
    return f"this is not valid YAML ({words}); check the indentation and any `:` inside text"


def _duplicate_keys(root: Node) -> Iterator[Located]:
    """Keys written twice in one block: YAML would silently keep only the second."""
    pending, seen_nodes = [root], set()
    while pending:
        node = pending.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, MappingNode):
            first_lines: dict[str, int] = {}
            for key, value in node.value:
                pending.append(value)
                if not isinstance(key, ScalarNode) or key.tag == _MERGE_TAG:
                    continue
                line = key.start_mark.line + 1
                if key.value in first_lines:
                    yield (
                        line,
                        (
                            f"`{key.value}` is written twice here (first on line "
                            f"{first_lines[key.value]}); only the second would count"
                        ),
                    )
                first_lines.setdefault(key.value, line)
        elif isinstance(node, SequenceNode):
            pending.extend(node.value)


def _key(node: Node) -> Any:
    """A mapping key as the document holds it (yes -> True, 3 -> 3)."""
    if not isinstance(node, ScalarNode):
        return object()
    return SafeConstructor().construct_object(node, deep=True)


def _descend(root: Node, path: tuple[Any, ...]) -> tuple[int, Node | None]:
    """The line of the deepest part of the path found, and the node there if all of it was."""
    node: Node | None = root
    line = root.start_mark.line + 1
    for part in path:
        child: tuple[int, Node] | None = None
        if isinstance(node, MappingNode):
            # PyYAML keeps the last of duplicate keys, so look from the end.
            child = next(
                (
                    (key.start_mark.line + 1, value)
                    for key, value in reversed(node.value)
                    if type(_key(key)) is type(part) and _key(key) == part
                ),
                None,
            )
        elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = (node.value[part].start_mark.line + 1, node.value[part])
        if child is None:
            return line, None
        line, node = child
    return line, node


def _line(root: Node, path: tuple[Any, ...]) -> int:
    return _descend(root, path)[0]


def _template_problems(root: Node, doc: Any, lines: list[str]) -> list[Located]:
    """Variables and syntax in every step's `say`, checked with Jinja2's own parser."""
    steps = doc.get("steps") if isinstance(doc, Mapping) else None
    found: list[Located] = []
    for i, step in enumerate(steps if isinstance(steps, list) else []):
        if not (isinstance(step, Mapping) and isinstance(step.get("say"), str)):
            continue
        _, node = _descend(root, ("steps", i, "say"))
        for problem in template_problems(step["say"]):
            line = _template_line(node, problem, lines) if node else _line(root, ("steps", i))
            name = f"step '{step['id']}'" if isinstance(step.get("id"), str) else f"step {i + 1}"
            found.append((line, f"{name}: {problem.message}"))
    return found


def _template_line(node: Node, problem: TemplateProblem, lines: list[str]) -> int:
    """The file line of a problem inside a `say` text, however the text was written in YAML."""
    first = node.start_mark.line
    if getattr(node, "style", None) == "|":
        return first + 1 + problem.line  # a literal block keeps its lines; it starts after `|`
    if problem.near:
        # Plain, quoted and folded text joins lines, so look for the word in the source instead.
        word = re.compile(rf"(?<![\w.]){re.escape(problem.near)}(?!\w)|\.{re.escape(problem.near)}")
        for number in range(first, min(node.end_mark.line, len(lines) - 1) + 1):
            if word.search(lines[number]):
                return number + 1
    return first + 1
