#!/usr/bin/env bash
# Print the README's quick-start commands: the lines of the first ```sh block after the marker
# "<!-- quick start". .ci/run runs them, so the README cannot drift from what CI proves.
awk '/<!-- quick start/ {marked=1; next}
     marked && /^```sh/ {inside=1; next}
     inside && /^```/ {exit}
     inside && NF {print}' "${1:-README.md}"
