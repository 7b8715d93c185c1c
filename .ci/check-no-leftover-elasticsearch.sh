#!/usr/bin/env bash
# After the test suite: no Elasticsearch process and no run folder may be left behind, except a node a developer
# keeps running on purpose with `dac es start`.
set -euo pipefail
work=${DAC_ES_WORK:-${TMPDIR:-/tmp}/dac-elasticsearch}
keep_pid="" keep_dir=""
if [ -f "$work/detached-node.properties" ]; then
  keep_pid=$(sed -n 's/^pid=//p' "$work/detached-node.properties")
  keep_dir=$(sed -n 's/^run_dir=//p' "$work/detached-node.properties")
fi
kept_tree=" "
if [ -n "$keep_pid" ]; then
  kept_tree=" $keep_pid $(pgrep -P "$keep_pid" 2>/dev/null | tr '\n' ' ')"
fi
left=""
for pid in $(pgrep -f 'org.elasticsearch.bootstrap.Elasticsearch|org.elasticsearch.launcher.CliToolLauncher' || true); do
  case "$kept_tree" in *" $pid "*) ;; *) left="$left $pid" ;; esac
done
status=0
if [ -n "$left" ]; then
  echo "FAIL: Elasticsearch processes left after the tests:$left" >&2
  ps -o pid,ppid,user,etime,args -p ${left// /,} >&2 || true
  status=1
fi
if [ -d "$work/runs" ]; then
  for dir in "$work"/runs/*; do
    [ -e "$dir" ] || continue
    [ "$dir" = "$keep_dir" ] && continue
    echo "FAIL: run folder left after the tests: $dir" >&2
    status=1
  done
fi
[ $status -eq 0 ] && echo "no Elasticsearch process or run folder left behind"
exit $status
