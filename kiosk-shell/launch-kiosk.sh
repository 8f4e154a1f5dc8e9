#!/bin/sh
# Starts the lane kiosk in Chromium's kiosk mode and starts it again whenever the browser exits or
# crashes. Run it from the kiosk user's session (see docs/kiosk.md for the systemd unit and the
# Chromium policies that let the page open the printer and scanner ports without a prompt).
#
#   KIOSK_URL   the kiosk shell, e.g. https://lot.example.com/?kiosk=1 (set the lane once in settings)
#   CHROMIUM    the browser binary (default: chromium)
#   KIOSK_LANG  Chromium's language (default: zh_CN; needs Debian's chromium-l10n). The date and
#               time fields staff fill in (a car's entry time for a hand release) are drawn in it:
#               zh_CN writes 2026/11/24 14:08 where a machine left on en-US shows 02:08 PM. On
#               Linux Chromium takes it from LANGUAGE; its --lang switch is ignored there.
set -u
KIOSK_URL="${KIOSK_URL:-http://127.0.0.1:8080/?kiosk=1}"
CHROMIUM="${CHROMIUM:-chromium}"
PROFILE="${KIOSK_PROFILE:-$HOME/.config/lane-kiosk}"
export LANGUAGE="${KIOSK_LANG:-zh_CN}"

while true; do
  "$CHROMIUM" \
    --kiosk "$KIOSK_URL" \
    --user-data-dir="$PROFILE" \
    --noerrdialogs \
    --disable-session-crashed-bubble \
    --disable-infobars \
    --no-first-run \
    --disable-translate \
    --disable-features=TranslateUI \
    --overscroll-history-navigation=0 \
    --disable-pinch \
    --autoplay-policy=no-user-gesture-required \
    --check-for-update-interval=31536000
  # A crash or a kill: wait a moment (a crash loop must not starve the machine) and start again.
  sleep 3
done
