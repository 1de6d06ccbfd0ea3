"""The quantities of a whole corpus: many files, many processes, or a Dask cluster.

The inputs (files, folders read recursively for ``*.txt``, ``-`` for standard input) are
planned into *pieces*: a small file is one piece, read and checked by whoever extracts it;
a file larger than ``chunk_bytes`` is cut, before any of it is extracted, into pieces of
at most ``chunk_bytes`` that end where a line ends a sentence (。！？； then a newline), so
that no quantity, quoted name or range is cut (only a line longer than a chunk is cut
inside: after a newline or a sentence end); each piece carries the character offset it
starts at, and the rows it gives index the whole file. Pieces go out in tasks of about
``chunk_bytes`` to N processes; the results come back in the order the tasks went out,
at most 2N tasks ahead of the writer. So the same rows come out, in the same order (input
order; a folder's files in path order; then offset), for any N, and memory holds a few
tasks, never the corpus or its rows.

A file that cannot be read or is not UTF-8 text is skipped with a one-line message; a big
file is checked whole before any of its rows go out. Standard input is read in chunks as
it comes: a bad byte late in it ends it where it stands.

The facts of a corpus (`facts_reading`, `facts_corpus`) go the same way: each file whole,
read with what its sources table says of it.

>>> import io
>>> rows = iter_rows(["-"], stdin=io.BytesIO("累计接种778.31万剂次".encode()))
>>> list(rows)
[('<stdin>', 4, 13, '778.31万剂次', 7783100, '剂次', 'exact')]
"""

from zibo_analysis.corpus.cluster import CorpusRun, extract_corpus, run_on_dask
from zibo_analysis.corpus.extract import (
    CorpusError,
    available_cores,
    die_with_parent,
    iter_rows,
    results,
    run_task,
)
from zibo_analysis.corpus.output import Reading, Summary, check_output, parquet_schema, write
from zibo_analysis.corpus.plan import (
    CHUNK_BYTES,
    COLUMNS,
    STDIN,
    STDIN_NAME,
    BadInput,
    Piece,
    cut_point,
    decode_text,
    name_problem,
    pieces,
    plan,
    read_bytes,
    walk,
)

__all__ = [
    "BadInput",
    "CHUNK_BYTES",
    "COLUMNS",
    "CorpusError",
    "CorpusRun",
    "FACTS_COLUMNS",
    "FactsReader",
    "Piece",
    "Reading",
    "STDIN",
    "facts_corpus",
    "facts_reading",
    "facts_schema",
    "STDIN_NAME",
    "Summary",
    "available_cores",
    "check_output",
    "cut_point",
    "decode_text",
    "die_with_parent",
    "extract_corpus",
    "iter_rows",
    "name_problem",
    "parquet_schema",
    "pieces",
    "plan",
    "read_bytes",
    "results",
    "run_on_dask",
    "run_task",
    "walk",
    "write",
]

_FACTS = {"FACTS_COLUMNS", "FactsReader", "facts_corpus", "facts_reading", "facts_schema"}


def __getattr__(name: str):
    """The facts' names, imported when first used: `extract` starts without the facts step."""
    if name in _FACTS:
        from zibo_analysis.corpus import facts

        return getattr(facts, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
