# Sourced by ./run-local and .ci/run: makes sure JAVA_HOME points at a JDK 21 or newer.
# Maven compiles with --release 21, which an older JDK cannot do.
java_major() {
  "$1/bin/java" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'
}
if [[ -z "${JAVA_HOME:-}" || ! -x "${JAVA_HOME}/bin/java" || "$(java_major "$JAVA_HOME")" -lt 21 ]]; then
  current=""
  if command -v java >/dev/null 2>&1; then
    current="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  fi
  if [[ -n "$current" && "$(java_major "$current")" -ge 21 ]]; then
    export JAVA_HOME="$current"
  else
    best=""; best_major=0
    for candidate in /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
      [[ -x "$candidate/bin/javac" ]] || continue
      major="$(java_major "$candidate")"
      if [[ "$major" -ge 21 && "$major" -gt "$best_major" ]]; then best="$candidate"; best_major="$major"; fi
    done
    if [[ -z "$best" ]]; then
      echo "A JDK 21 or newer is required (set JAVA_HOME); none was found." >&2
      exit 1
    fi
    export JAVA_HOME="$best"
  fi
fi
export PATH="$JAVA_HOME/bin:$PATH"
