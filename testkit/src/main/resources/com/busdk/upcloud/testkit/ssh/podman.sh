#!/bin/sh
# Stand-in for podman on a fake runner: "run" executes the container's command on this host, so
# tests see the real output of the command the worker rendered. "rm", "kill" and "stop" end a run
# that was started with --name and is still going.
state="${BUS_FAKE_PODMAN_STATE:?BUS_FAKE_PODMAN_STATE is not set}"
sub="${1:-}"
[ $# -gt 0 ] && shift

needs_value() {
  if [ "$1" -lt 2 ]; then
    echo "podman stand-in: $2 needs a value" >&2
    exit 125
  fi
}

case "$sub" in
  run)
    name=""
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
        --tmpfs | --workdir | -w | --network | --net | --user | -u | --pull | --security-opt | \
          --cap-drop | --cap-add | --memory | -m | --cpus | --pids-limit | --hostname | --label | \
          -l | --userns | --log-driver | --stop-timeout)
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
    shift
    if [ $# -eq 0 ]; then
      echo "podman stand-in: an image's default command cannot run on the host" >&2
      exit 125
    fi
    if [ -n "$name" ]; then
      printf '%s\n' "$$" >"$state/$name.pid"
      export BUS_FAKE_PODMAN_CONTAINER="$name"
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
      pid=$(cat "$pidfile")
      # The pid may have been reused since the run ended: only signal our own container process.
      if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx "BUS_FAKE_PODMAN_CONTAINER=$arg"; then
        kill -TERM "$pid" 2>/dev/null
      fi
      [ "$sub" = rm ] && rm -f "$pidfile"
    done
    exit 0
    ;;
  version | --version)
    echo "podman version 0.0.0-stand-in"
    ;;
  info | ps | pull | images)
    exit 0
    ;;
  *)
    echo "podman stand-in: unsupported command $sub" >&2
    exit 125
    ;;
esac
