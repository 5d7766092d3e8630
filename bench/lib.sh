# bench/lib.sh — what every bench script shares (sourced, POSIX sh).
#
# A benchmark whose tool did not do its work measures nothing: every run a
# figure depends on goes through bench_check, which stops the script with
# status 2 and the reason (exit status, what the tool said) instead of
# printing a figure. Figures go to stdout for people and, when
# BENCH_FIGURES=FILE is set (bench/compare sets it), to FILE as
#   NAME <TAB> VALUE <TAB> UNIT
# one line each; UNIT is "s" (lower is better), "msg/s" (higher is better),
# "MB" (memory, lower is better) or "x" (a ratio to the reference tool,
# lower is better).
#
# The caller sets $bench_name (e.g. bench/detect/run) before sourcing.

bench_die() {
    echo "${bench_name:-bench}: $*" >&2
    exit 2
}

# bench_check WHAT STATUS ALLOWED ERRFILE: die unless STATUS is one of the
# space-separated ALLOWED statuses, quoting the end of ERRFILE (the tool's
# stderr) as the reason.
bench_check() {
    for ok in $3; do
        [ "$2" = "$ok" ] && return 0
    done
    {
        echo "${bench_name:-bench}: $1 exited $2 (expected ${3% }); no figure is printed."
        if [ -s "$4" ]; then
            echo "its last words:"
            tail -n 15 "$4" | sed 's/^/  /'
        else
            echo "(it printed nothing on stderr)"
        fi
    } >&2
    exit 2
}

# bench_figure NAME VALUE UNIT
bench_figure() {
    if [ -n "${BENCH_FIGURES:-}" ]; then
        printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$BENCH_FIGURES"
    fi
    return 0
}
