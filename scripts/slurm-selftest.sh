#!/bin/bash
# End-to-end check of the Slurm recipe on a real (single-node) Slurm cluster on this machine:
# installs Debian's slurm-wlm and munge if missing, starts munged, slurmctld and slurmd with a
# slurm.conf generated for this host (in a temporary folder; /etc is not touched), submits
# scripts/slurm/eegscope-array.sbatch as an array with `sbatch --wait`, then the merge job,
# and compares the merged results byte for byte with an unsharded `eegscope batch` run.
# Everything it started is stopped again (by pid) on exit.
#
#   scripts/slurm-selftest.sh [INPUT...]      (default input: SampleData/)
#
# Environment: EEGSCOPE (default .build/release/eegscope, built if missing), SHARDS (default 3).
# Needs root (package installation, daemons as root) and Debian/Ubuntu. Exit 0 = identical.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
SHARDS="${SHARDS:-3}"
EEGSCOPE="${EEGSCOPE:-$ROOT/.build/release/eegscope}"
if [ "$#" -gt 0 ]; then INPUTS=("$@"); else INPUTS=("$ROOT/SampleData"); fi
# Absolute paths: the jobs run in another folder, and the paths are the outputs' `file` column.
for index in "${!INPUTS[@]}"; do
    INPUTS[$index]="$(realpath "${INPUTS[$index]}")"
done

log() { printf 'slurm-selftest: %s\n' "$*" >&2; }

# --- 1. Packages and binary -------------------------------------------------------------------
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    log "installing slurm-wlm and munge"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq slurm-wlm munge >/dev/null
fi
if [ ! -x "$EEGSCOPE" ]; then
    log "building eegscope (release)"
    swift build -c release >/dev/null
fi
EEGSCOPE="$(cd "$(dirname "$EEGSCOPE")" && pwd)/$(basename "$EEGSCOPE")"

WORK="$(mktemp -d /tmp/eegscope-slurm-selftest.XXXXXX)"
chmod 755 "$WORK"
PIDS=()
cleanup() {
    set +e
    if command -v scancel >/dev/null && [ -f "$WORK/slurm.conf" ]; then
        SLURM_CONF="$WORK/slurm.conf" scancel --user="$(id -un)" 2>/dev/null
    fi
    for pidfile in "$WORK/slurmd.pid" "$WORK/slurmctld.pid" "$WORK/munge/munged.pid"; do
        if [ -s "$pidfile" ]; then kill "$(cat "$pidfile")" 2>/dev/null; fi
    done
    for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null; done
    sleep 1
    log "stopped the cluster; logs and results kept in $WORK"
}
trap cleanup EXIT

# --- 2. munge (authentication between the Slurm daemons and clients) --------------------------
# munged runs as root here (--force), so its folder and key belong to root.
mkdir -p "$WORK/munge"
chmod 700 "$WORK/munge"
KEY="$WORK/munge/munge.key"
dd if=/dev/urandom of="$KEY" bs=1024 count=1 status=none
chmod 400 "$KEY"
SOCKET="$WORK/munge/munge.socket"
log "starting munged"
munged --force --key-file="$KEY" --socket="$SOCKET" --pid-file="$WORK/munge/munged.pid" \
    --log-file="$WORK/munge/munged.log" --seed-file="$WORK/munge/munged.seed"
for _ in $(seq 50); do [ -S "$SOCKET" ] && break; sleep 0.1; done
munge --socket="$SOCKET" -n </dev/null | unmunge --socket="$SOCKET" >/dev/null
log "munge works"

# --- 3. slurm.conf for this host ---------------------------------------------------------------
HOST="$(hostname -s)"
CPUS="$(nproc)"
MEMORY_MB=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
mkdir -p "$WORK/state" "$WORK/spool"
cat >"$WORK/slurm.conf" <<CONF
ClusterName=eegscope-selftest
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SOCKET
SlurmctldPort=16817
SlurmdPort=16818
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
SwitchType=switch/none
ReturnToService=2
MaxArraySize=1001
NodeName=$HOST CPUs=$CPUS RealMemory=$MEMORY_MB State=UNKNOWN
PartitionName=selftest Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$WORK/slurm.conf"

# --- 4. Daemons --------------------------------------------------------------------------------
log "starting slurmctld and slurmd on $HOST ($CPUS CPUs)"
slurmctld -i
slurmd
for _ in $(seq 60); do
    state="$(sinfo -h -o %T 2>/dev/null | head -1 || true)"
    [ "$state" = "idle" ] && break
    sleep 1
done
sinfo
[ "$state" = "idle" ] || { log "node did not become idle (state '$state')"; exit 1; }

# --- 5. Reference: one unsharded run ------------------------------------------------------------
log "unsharded reference run"
set +e
"$EEGSCOPE" batch "${INPUTS[@]}" --output "$WORK/unsharded" --jobs 1 2>"$WORK/unsharded.log"
reference_status=$?
set -e

# --- 6. The job array and the merge job ---------------------------------------------------------
export EEGSCOPE EEGSCOPE_OUTPUT="$WORK/results"
cd "$WORK"
log "sbatch --wait --array=1-$SHARDS eegscope-array.sbatch"
set +e
array_job=$(sbatch --parsable --wait --array=1-"$SHARDS" --mem-per-cpu=256M \
    "$ROOT/scripts/slurm/eegscope-array.sbatch" "${INPUTS[@]}")
array_status=$?
log "array job $array_job finished (sbatch --wait status $array_status)"
merge_job=$(sbatch --parsable --wait --mem=256M --dependency=afterany:"${array_job%%;*}" \
    "$ROOT/scripts/slurm/eegscope-merge.sbatch")
merge_status=$?
set -e
log "merge job $merge_job finished (status $merge_status; reference run status $reference_status)"
sacct >/dev/null 2>&1 || true
cat "$WORK"/eegscope-batch-*.log "$WORK"/eegscope-merge-*.log >&2 || true

# --- 7. Compare ----------------------------------------------------------------------------------
identical=1
for file in bandpower.csv fit.json events.tsv failures.tsv summary.json; do
    if cmp -s "$WORK/unsharded/$file" "$WORK/results/merged/$file"; then
        log "identical: $file ($(wc -c <"$WORK/unsharded/$file") bytes)"
    else
        log "DIFFERENT: $file"
        identical=0
    fi
done
if [ "$identical" -eq 1 ] && [ "$merge_status" -eq "$reference_status" ]; then
    log "PASS: $SHARDS Slurm array tasks + merge == unsharded run, byte for byte"
    exit 0
fi
log "FAIL"
exit 1
