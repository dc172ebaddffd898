# Sourced by e2e scripts that decide in earlier years than the samples were answered.
# early FILE DATE: a copy of the answers FILE in $T answered on DATE, with its own review beside
# it (make_review.py), since the register refuses a decision dated before the answers; prints
# the copy's path.
early() {
    local to="$T/$(basename "$1" .json)-$2.json"
    sed -E '0,/^    "date": "[0-9-]+"/s//    "date": "'"$2"'"/' "$1" > "$to"
    "${PYTHON:-/usr/bin/python3}" "$SRC/tests/e2e/make_review.py" "$to"
    echo "$to"
}
