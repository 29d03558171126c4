"""The corpus pipeline on datatrove's cluster executors gives what the local one gives.

- Slurm: no Slurm runs here. `SlurmPipelineExecutor.run()` is called as on a login node,
  with `sbatch`, `srun` and `scontrol` on PATH replaced by stand-ins (sbatch keeps the
  script it is given and answers with a job id; srun runs its command; scontrol names
  this host). Then each array task of the submitted script is run with bash as Slurm
  would (SLURM_ARRAY_TASK_ID 0, 1, 2), and the merge-stats job after them.
- Ray: `RayPipelineExecutor` on a Ray started on this machine (127.0.0.1 only, no
  dashboard, no usage reporting).

Each writes into its own directory the records and rejects that `run_corpus`
(LocalPipelineExecutor) writes for the same three WARC files; compared as sets, since
each task writes its own file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleaners.corpus_run import build_pipeline, run_corpus, write_paths_file
from cleaners.quality import QUALITY_OFF
from cleaners.warc import find_warc_files
from tests.test_cli_warc import mixed, pages  # noqa: F401 (fixtures)
from tests.test_corpus_pipeline import as_set, gzip_lines, warc_dir  # noqa: F401 (fixtures)

SBATCH = """#!/bin/sh
# sbatch [options] SCRIPT: keep the script and the options, answer as sbatch does
job=$(( $(ls "$SUBMITTED" | wc -l) + 1 ))
mkdir "$SUBMITTED/$job"
for last; do :; done
cp "$last" "$SUBMITTED/$job/script.sh"
printf '%s\\n' "$@" > "$SUBMITTED/$job/options"
echo "Submitted batch job $job"
"""
SRUN = """#!/bin/sh
# srun [options] COMMAND...: run the command here, once
while [ $# -gt 0 ]; do
    case "$1" in
        -n|-N) shift 2 ;;
        -*) shift ;;
        *) break ;;
    esac
done
exec "$@"
"""
SCONTROL = """#!/bin/sh
# scontrol show hostnames NODELIST: this host
echo localhost
"""


@pytest.fixture(scope="module")
def local_corpus(warc_dir, tmp_path_factory) -> tuple[list[str], Path]:  # noqa: F811
    """The WARC files (absolute names) and the local executor's output on them."""
    files = find_warc_files([str(warc_dir)])
    out = tmp_path_factory.mktemp("local") / "corpus"
    run_corpus(files, out, workers=1, quality=QUALITY_OFF)
    return files, out


def assert_same_output(out: Path, local: Path) -> None:
    records = gzip_lines(out / "records")
    assert records and as_set(records) == as_set(gzip_lines(local / "records"))
    assert as_set(gzip_lines(out / "rejects")) == as_set(gzip_lines(local / "rejects"))


def stand_ins(directory: Path) -> Path:
    bin_dir = directory / "bin"
    bin_dir.mkdir()
    for name, script in (("sbatch", SBATCH), ("srun", SRUN), ("scontrol", SCONTROL)):
        (bin_dir / name).write_text(script)
        (bin_dir / name).chmod(0o755)
    return bin_dir


def test_the_slurm_executors_script_runs_our_pipeline(local_corpus, tmp_path, monkeypatch):
    from datatrove.executor import SlurmPipelineExecutor

    files, local = local_corpus
    out = tmp_path / "corpus"
    out.mkdir()
    submitted = tmp_path / "submitted"
    submitted.mkdir()
    path = f"{stand_ins(tmp_path)}:{Path(sys.executable).parent}:{os.environ['PATH']}"
    monkeypatch.setenv("PATH", path)
    monkeypatch.setenv("SUBMITTED", str(submitted))
    venv = Path(sys.executable).parent / "activate"
    tasks = write_paths_file(files, out / "inputs.txt")
    SlurmPipelineExecutor(
        pipeline=build_pipeline(out / "inputs.txt", out, QUALITY_OFF),
        tasks=tasks, time="00:10:00", partition="cpu", cpus_per_task=2, mem_per_cpu_gb=2,
        logging_dir=str(out / "logs"), job_name="clean",
        venv_path=str(venv) if venv.exists() else None,
    ).run()  # fmt: skip

    # Two jobs: the array of tasks, then the stats merge once it has succeeded.
    assert sorted(p.name for p in submitted.iterdir()) == ["1", "2"]
    script = (submitted / "1" / "script.sh").read_text()
    for line in ("#SBATCH --array=0-2", "#SBATCH --cpus-per-task=2", "#SBATCH --job-name=clean"):
        assert line in script.splitlines()
    assert f"launch_pickled_pipeline {out / 'logs' / 'executor.pik'}" in script
    assert (submitted / "1" / "options").read_text().splitlines()[0] == "--export=ALL,RUN_OFFSET=0"
    assert "--dependency=afterok:1" in (submitted / "2" / "script.sh").read_text()
    assert not (out / "records").exists()  # nothing ran yet: it was only submitted

    slurm = {**os.environ, "RUN_OFFSET": "0", "SLURM_NODELIST": "localhost"}
    for task in range(tasks):
        done = subprocess.run(
            ["bash", str(submitted / "1" / "script.sh")], env={**slurm, "SLURM_ARRAY_TASK_ID":
            str(task)}, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
    done = subprocess.run(["bash", str(submitted / "2" / "script.sh")], env=slurm,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]

    assert_same_output(out, local)
    assert sorted(p.name for p in (out / "logs" / "completions").iterdir()) == [
        "00000", "00001", "00002"
    ]
    assert (out / "logs" / "stats.json").exists()


# datatrove 0.10 places its Ray actors with options Ray 2.60 calls deprecated.
@pytest.mark.filterwarnings("ignore:placement_group.* parameter is deprecated:DeprecationWarning")
def test_the_ray_executor_runs_our_pipeline_on_a_local_ray(local_corpus, tmp_path, monkeypatch):
    import ray
    from datatrove.executor import RayPipelineExecutor

    files, local = local_corpus
    out = tmp_path / "corpus"
    out.mkdir()
    tasks = write_paths_file(files, out / "inputs.txt")
    monkeypatch.setenv("RAY_USAGE_STATS_ENABLED", "0")  # Ray would report usage online
    ray.init(
        address="local", _node_ip_address="127.0.0.1", num_cpus=2, include_dashboard=False,
        log_to_driver=False,
    )  # fmt: skip
    try:
        RayPipelineExecutor(
            pipeline=build_pipeline(out / "inputs.txt", out, QUALITY_OFF),
            tasks=tasks, workers=2, cpus_per_task=1, mem_per_cpu_gb=1,
            logging_dir=str(out / "logs"),
        ).run()  # fmt: skip
    finally:
        ray.shutdown()
    assert_same_output(out, local)
    assert sorted(p.name for p in (out / "logs" / "completions").iterdir()) == [
        "00000", "00001", "00002"
    ]
