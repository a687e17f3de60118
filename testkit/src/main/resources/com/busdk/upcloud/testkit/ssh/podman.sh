#!/bin/sh
# Stand-in for podman on a fake runner: "run" executes the container's command on this host, so
# tests see the real output of the command the worker rendered. "rm", "kill" and "stop" end a run
# that was started with --name and is still going. Labels given to "run" are kept, so "ps" with
# --filter label=K=V lists the live named runs that carry them, rendering the --format templates
# {{.Names}}, {{.Image}} and {{index .Labels "K"}}; "container exists" tells whether a named run
# is live.
state="${BUS_FAKE_PODMAN_STATE:?BUS_FAKE_PODMAN_STATE is not set}"
sub="${1:-}"
[ $# -gt 0 ] && shift

needs_value() {
  if [ "$1" -lt 2 ]; then
    echo "podman stand-in: $2 needs a value" >&2
    exit 125
  fi
}

# A named run is live while its process runs and is still that run (pids get reused).
is_live() {
  [ -f "$state/$1.pid" ] || return 1
  pid=$(cat "$state/$1.pid")
  tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx "BUS_FAKE_PODMAN_CONTAINER=$1"
}

case "$sub" in
  run)
    name=""
    labels=""
    while [ $# -gt 0 ]; do
      case "$1" in
        --rm | --read-only | --init | -i | --interactive | -t | --tty)
          shift
          ;;
        --name)
          needs_value $# "$1"
          name="$2"
          shift 2
          ;;
        --name=*)
          name="${1#--name=}"
          shift
          ;;
        -e | --env)
          needs_value $# "$1"
          export "$2"
          shift 2
          ;;
        --env=*)
          export "${1#--env=}"
          shift
          ;;
        --label | -l)
          needs_value $# "$1"
          labels="$labels$2
"
          shift 2
          ;;
        --tmpfs | --workdir | -w | --network | --net | --user | -u | --pull | --security-opt | \
          --cap-drop | --cap-add | --memory | -m | --cpus | --pids-limit | --hostname | \
          --userns | --log-driver | --stop-timeout)
          needs_value $# "$1"
          shift 2
          ;;
        --*=*)
          shift
          ;;
        --)
          shift
          break
          ;;
        -*)
          echo "podman stand-in: unsupported option $1" >&2
          exit 125
          ;;
        *)
          break
          ;;
      esac
    done
    if [ $# -eq 0 ]; then
      echo "podman stand-in: missing image" >&2
      exit 125
    fi
    image="$1"
    shift
    if [ $# -eq 0 ]; then
      echo "podman stand-in: an image's default command cannot run on the host" >&2
      exit 125
    fi
    if [ -n "$name" ]; then
      printf '%s' "$labels" >"$state/$name.labels"
      printf '%s\n' "$image" >"$state/$name.image"
      # The pid file is written (whole, by a rename) by the process that becomes the container,
      # once its environment names the container: its appearing is the signal that the run is live.
      exec env BUS_FAKE_PODMAN_CONTAINER="$name" sh -c \
        'printf "%s\n" "$$" >"$0.tmp" && mv -f "$0.tmp" "$0" && exec "$@"' "$state/$name.pid" "$@"
    fi
    exec "$@"
    ;;
  rm | kill | stop)
    for arg in "$@"; do
      case "$arg" in
        -*) continue ;;
      esac
      pidfile="$state/$arg.pid"
      [ -f "$pidfile" ] || continue
      # The pid may have been reused since the run ended: only signal our own container process.
      if is_live "$arg"; then
        # Like a real container, everything the run started ends with it.
        pid=$(cat "$pidfile")
        kids=$(pgrep -P "$pid")
        kill -KILL "$pid" 2>/dev/null
        [ -z "$kids" ] || kill -TERM $kids 2>/dev/null
      fi
      [ "$sub" = rm ] && rm -f "$pidfile" "$state/$arg.labels" "$state/$arg.image"
    done
    exit 0
    ;;
  version | --version)
    echo "podman version 0.0.0-stand-in"
    ;;
  container)
    if [ "${1:-}" = exists ] && [ $# -eq 2 ] && is_live "$2"; then
      exit 0
    fi
    exit 1
    ;;
  ps)
    format='{{.Names}}'
    filters=""
    while [ $# -gt 0 ]; do
      case "$1" in
        --filter | -f)
          needs_value $# "$1"
          filters="$filters$2
"
          shift 2
          ;;
        --format)
          needs_value $# "$1"
          format="$2"
          shift 2
          ;;
        *)
          shift
          ;;
      esac
    done
    for pidfile in "$state"/*.pid; do
      [ -f "$pidfile" ] || continue
      name=$(basename "$pidfile" .pid)
      is_live "$name" || continue
      match=1
      while IFS= read -r f; do
        case "$f" in
          label=*) grep -qxF -- "${f#label=}" "$state/$name.labels" 2>/dev/null || match=0 ;;
          "") ;;
          *) match=0 ;;
        esac
      done <<EOF_FILTERS
$filters
EOF_FILTERS
      [ "$match" = 1 ] || continue
      NAME="$name" IMAGE="$(cat "$state/$name.image" 2>/dev/null)" FORMAT="$format" \
        awk -v labels="$state/$name.labels" 'BEGIN {
          while ((getline line < labels) > 0) {
            i = index(line, "="); if (i > 0) value[substr(line, 1, i - 1)] = substr(line, i + 1)
          }
          f = ENVIRON["FORMAT"]; out = ""
          while (match(f, /\{\{[^}]*\}\}/)) {
            tpl = substr(f, RSTART + 2, RLENGTH - 4); out = out substr(f, 1, RSTART - 1)
            gsub(/^ +| +$/, "", tpl)
            if (tpl == ".Names") out = out ENVIRON["NAME"]
            else if (tpl == ".Image") out = out ENVIRON["IMAGE"]
            else if (tpl ~ /^index \.Labels "/) { k = tpl; sub(/^index \.Labels "/, "", k); sub(/"$/, "", k); out = out value[k] }
            f = substr(f, RSTART + RLENGTH)
          }
          print out f
        }'
    done
    exit 0
    ;;
  info | pull | images)
    exit 0
    ;;
  *)
    echo "podman stand-in: unsupported command $sub" >&2
    exit 125
    ;;
esac
