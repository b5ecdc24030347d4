"""Running a brief notebook: with papermill (a kernel process), or on an in-process kernel.

:func:`execute_brief` runs ``notebooks/sector_brief.ipynb`` or ``notebooks/province_overview.ipynb``
with papermill (kernel ``python3`` of this environment, working directory the project root).
:func:`execute_inprocess` runs the same notebook, parameterized the same way, on an in-process
IPython kernel: the batch builder uses it in processes forked from a warm parent, where a kernel
process would import pandas again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from cdsanalysis.base import paths
from cdsanalysis.briefs.params import BriefParams, check_parameter_names

KERNEL_NAME = "python3"


NOTEBOOK_FILES = {
    "sector_brief": "sector_brief.ipynb",
    "province_overview": "province_overview.ipynb",
    "district_brief": "district_brief.ipynb",
    "locality_ranking": "locality_ranking.ipynb",
}
# The names each notebook's parameters cell defines; anything else is refused.


class BriefBuildError(RuntimeError):
    """A brief whose notebook failed to run or export.

    Attributes
    ----------
    brief_id, lang : str
        Which brief.
    notebook_path : pathlib.Path or None
        The partly executed notebook, kept for diagnosis.
    """

    def __init__(
        self, message: str, *, brief_id: str, lang: str, notebook_path: Path | None = None
    ):
        super().__init__(message)
        self.brief_id = brief_id
        self.lang = lang
        self.notebook_path = notebook_path


def notebook_path(notebook: str) -> Path:
    """Path of a brief notebook (``sector_brief`` or ``province_overview``)."""
    check_parameter_names(notebook, ())
    return paths.NOTEBOOKS_DIR / NOTEBOOK_FILES[notebook]


def execute_notebook(
    notebook: str,
    parameters: Mapping[str, Any],
    *,
    output_path: str | Path | None = None,
    cwd: str | Path | None = None,
) -> Any:
    """Run a brief notebook with papermill and return the executed notebook.

    Parameters
    ----------
    notebook : {"sector_brief", "province_overview"}
    parameters : mapping
        Values for the notebook's parameters cell; names it does not define are refused.
    output_path : str or pathlib.Path, optional
        Where papermill writes the executed notebook as it runs (kept when a cell fails);
        None writes nothing.
    cwd : str or pathlib.Path, optional
        The kernel's working directory; default the project root, so that a run does not
        depend on where it was started.

    Returns
    -------
    nbformat.NotebookNode

    Raises
    ------
    BriefParameterError
        For a parameter name the notebook does not define.
    papermill.PapermillExecutionError
        When a cell fails.
    """
    import papermill

    check_parameter_names(notebook, parameters)
    return papermill.execute_notebook(
        str(notebook_path(notebook)),
        None if output_path is None else str(output_path),
        parameters=dict(parameters),
        kernel_name=KERNEL_NAME,
        cwd=str(cwd if cwd is not None else paths.ROOT),
        progress_bar=False,
        log_output=False,
    )


def execute_brief(params: BriefParams, *, output_path: str | Path | None = None) -> Any:
    """Run the notebook of one brief (validated parameters) and return the executed notebook.

    Raises
    ------
    BriefBuildError
        When a cell fails; the message is the cell's error, ``notebook_path`` the partly run
        notebook when ``output_path`` was given.
    """
    from papermill.exceptions import PapermillExecutionError

    try:
        return execute_notebook(
            params.notebook, params.notebook_parameters(), output_path=output_path
        )
    except PapermillExecutionError as exc:
        message = f"{params.lang}/{params.brief_id}: {exc.ename}: {exc.evalue}"
        raise BriefBuildError(
            message,
            brief_id=params.brief_id,
            lang=params.lang,
            notebook_path=None if output_path is None else Path(output_path),
        ) from None


def _first_line(source: str) -> str:
    for line in source.splitlines():
        if line.strip():
            return line.strip()[:120]
    return ""


def error_line(ename: str, evalue: str) -> str:
    """One line for an error: its name and the last line of its message ("ValueError: ...")."""
    lines = [line for line in str(evalue).splitlines() if line.strip()]
    last = lines[-1].strip() if lines else ""
    return f"{ename}: {last}" if last else ename


def execute_inprocess(
    params: BriefParams, on_cell: Callable[[int, str], None] | None = None
) -> tuple[Any, dict | None]:
    """Run a brief's notebook on an in-process IPython kernel.

    The notebook is parameterized as papermill does (an ``injected-parameters`` cell after the
    ``parameters`` cell, ``metadata.papermill.parameters``); cells run in order until one fails.

    Parameters
    ----------
    params : BriefParams
    on_cell : callable, optional
        Called with each code cell's index and first line before it runs.

    Returns
    -------
    nbformat.NotebookNode
        The executed notebook (up to and including a failed cell).
    dict or None
        None when every cell ran; else the failure (see :class:`BriefOutcome`).
    """
    from ipykernel.inprocess.manager import InProcessKernelManager
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook
    from traitlets.config import Config

    parameters = params.notebook_parameters()
    check_parameter_names(params.notebook, parameters)
    nb = load_notebook_node(str(notebook_path(params.notebook)))
    nb = parameterize_notebook(nb, parameters, kernel_name=KERNEL_NAME)
    manager = InProcessKernelManager(config=Config({"HistoryManager": {"enabled": False}}))
    manager.start_kernel()
    # ipykernel puts Python's SIGINT handler back around every request; in a brief's process
    # Ctrl-C belongs to the parent, which stops the brief cleanly instead.
    manager.kernel.pre_handler_hook = lambda: None
    manager.kernel.post_handler_hook = lambda: None
    client = manager.client()
    client.start_channels()
    client.kernel_info()
    info = client.get_shell_msg(timeout=60)
    nb.metadata["language_info"] = info["content"].get("language_info", {})
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        cell.outputs = []
        cell.execution_count = None
        if not cell.source.strip():
            continue
        if on_cell is not None:
            on_cell(index, _first_line(cell.source))
        msg_id = client.execute(cell.source, store_history=True, allow_stdin=False)
        reply = client.get_shell_msg(timeout=60)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = client.get_shell_msg(timeout=60)
        cell.outputs = _collect_outputs(client, msg_id)
        content = reply["content"]
        cell.execution_count = content.get("execution_count")
        if content.get("status") != "ok":
            failure = {
                "cell_index": index,
                "execution_count": cell.execution_count,
                "source": _first_line(cell.source),
                "ename": content.get("ename", "Error"),
                "error": error_line(content.get("ename", "Error"), content.get("evalue", "")),
            }
            nb.metadata["cds_failure"] = failure
            nb.metadata.papermill["exception"] = True
            return nb, failure
    return nb, None


def _collect_outputs(client: Any, msg_id: str) -> list:
    """The outputs of one execution, from its iopub messages up to its idle status."""
    import nbformat

    outputs: list = []
    while True:
        msg = client.get_iopub_msg(timeout=60)
        kind = msg["msg_type"]
        content = msg["content"]
        mine = msg["parent_header"].get("msg_id") == msg_id
        if kind == "status" and mine and content.get("execution_state") == "idle":
            return outputs
        if kind == "clear_output" and mine:
            outputs = []
        elif kind == "stream":  # the in-process streams carry no parent header
            if outputs and outputs[-1].get("output_type") == "stream":
                if outputs[-1]["name"] == content["name"]:
                    outputs[-1]["text"] += content["text"]
                    continue
            outputs.append(nbformat.v4.output_from_msg(msg))
        elif kind in ("display_data", "execute_result", "error") and mine:
            outputs.append(nbformat.v4.output_from_msg(msg))
