#!/bin/sh
# Screenshots of the screens a new user meets, in every shipped language,
# from the real app under Xvfb, into docs/screenshots/i18n/ (about a minute
# a language). KIROKU_I18N_ONLY=vi redoes one language. Look at every
# picture: text fits, no boxes, nothing clipped.
set -eu
cd "$(dirname "$0")/.."
KIROKU_I18N_SHOTS=1 go test -tags e2e ./e2e -run '^TestGUILanguages$' -count=1 -timeout 60m -v "$@"
# 64 colours without dithering: the text stays sharp, each picture a
# third of the size.
for f in docs/screenshots/i18n/*.png; do
	convert "$f" -colors 64 +dither "PNG8:$f"
done
