#!/bin/sh
# Stand-in for sudo on a fake runner: runs the command as the current user.
while [ $# -gt 0 ]; do
  case "$1" in
    -u | -g)
      shift 2
      ;;
    --)
      shift
      break
      ;;
    -*)
      shift
      ;;
    *)
      break
      ;;
  esac
done
exec "$@"
