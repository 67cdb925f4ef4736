"""The batch's workers on a Dask cluster: a concurrent.futures Executor the runner uses as it uses
its own process pool (batch_runner.run_batch(executor_factory=…)).

    budget-disclosure check 2026/ --summary 汇总.xlsx --dask tcp://10.0.0.5:8786
    budget-disclosure check 2026/ --summary 汇总.xlsx --dask local --jobs 4   # a cluster on this machine

The workers read the files and write the workbooks themselves, so every worker must see the
inputs and the summary's folder at the same paths (a shared drive) and have budget-disclosure
installed. The store stays with the process that runs the command: only it writes to SQLite.
"""
from __future__ import annotations

from concurrent.futures import Executor


class DaskExecutor(Executor):
    """``address``: a scheduler's address, or "local" for a LocalCluster of ``jobs`` processes."""

    def __init__(self, address: str, jobs: int):
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise RuntimeError("未安装 Dask：请先 pip install \"budget-disclosure[cluster]\"（即 dask[distributed]）") from None
        self.cluster = None
        if address == "local":
            self.cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
        self.client = Client(self.cluster or address)
        # pure=False: every call is its own task (Dask would otherwise hash the arguments, whole models).
        self.executor = self.client.get_executor(pure=False)

    def submit(self, fn, /, *args, **kwargs):
        return self.executor.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.executor.shutdown(wait=wait and not cancel_futures)
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
