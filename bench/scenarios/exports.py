"""The instruction table of a call exported as CSV and as XLSX
(``reviews.exports``), at 10,000 dossiers against 1,000: peak memory (target:
within +10 % of the 1,000-dossier export) and time (recorded).

Peak memory is the peak of Python's allocations during one export
(``tracemalloc``, reset before each), in this process: it sees every Python
object the export keeps, not the C buffers of the libraries. Times are taken
without tracing (which slows Python down several times)."""

from __future__ import annotations

import gc
import tracemalloc

from bench.figures import Figure, ratio_at_most
from bench.measure import generate, milliseconds, repeat
from bench.options import BenchOptions
from reviews.exports import export_response

SCENARIO = "exports"
FORMATS = ("csv", "xlsx")


def export(call, fmt: str) -> int:
    """One export written out and thrown away; its size in bytes."""
    response = export_response("instruction", call, fmt)
    size = 0
    try:
        for chunk in response.streaming_content:
            size += len(chunk)
    finally:
        response.close()
    return size


def peak_memory(call, fmt: str) -> tuple[float, int]:
    """Peak traced memory (MiB) of one export, and its size."""
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        size = export(call, fmt)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return round(peak / 2**20, 3), size


def run(options: BenchOptions) -> list[Figure]:
    sizes = (options.export_small, options.export_large)
    calls = {
        size: generate("bench_exports_data", dossiers=size, reviews=3).call
        for size in sizes
    }
    # Memory is measured once per size (it does not vary from run to run the
    # way time does); time ``export_runs`` times (one by default: an export of
    # 10,000 dossiers takes seconds, ``runs`` of them would take minutes).
    memory, times, bytes_out = {}, {}, {}
    for fmt in FORMATS:
        for size in sizes:
            memory[fmt, size], bytes_out[fmt, size] = peak_memory(calls[size], fmt)
            # No warm-up run: the traced export just above was one.
            times[fmt, size] = milliseconds(
                repeat(
                    lambda c=calls[size], f=fmt: export(c, f),
                    options.export_runs,
                    warm=False,
                )
            )
    small, large = sizes
    figures = []
    for fmt in FORMATS:
        ratio = memory[fmt, large] / memory[fmt, small]
        note = (
            f"instruction table, 3 reviews a dossier; {bytes_out[fmt, large]} bytes "
            f"at {large}, {bytes_out[fmt, small]} at {small}; tracemalloc"
        )
        figures.append(
            Figure(
                scenario=SCENARIO,
                name=f"{fmt.upper()} export of {large} dossiers: peak memory",
                unit="MiB",
                runs=(memory[fmt, large],),
                baseline_name=f"the same export of {small}",
                baseline_runs=(memory[fmt, small],),
                target="≤ 1.1x",
                met=ratio_at_most(ratio, 1.1),
                note=note,
            )
        )
        figures.append(
            Figure(
                scenario=SCENARIO,
                name=f"{fmt.upper()} export of {large} dossiers: time",
                unit="ms",
                runs=times[fmt, large],
                baseline_name=f"the same export of {small}",
                baseline_runs=times[fmt, small],
                note=f"recorded; {large // small}x the rows",
            )
        )
    return figures
