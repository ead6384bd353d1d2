#!/usr/bin/env bash
# Installs what is missing, builds, and classifies sample complaints (or the
# given TEXT arguments) with the embedded default pack.
# Usage: scripts/demo.sh [TEXT...]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
if (($#)); then
  exec build/bin/triage classify "$@"
fi
exec build/bin/triage classify \
  "扫码付款一直转圈，最后提示交易失败" \
  "提現三天了銀行卡還沒到賬" \
  "不是忘记密码，是验证码收不到" \
  "有人冒充客服让我转账，我已经转了2000" \
  "I was charged twice for the same order" \
  "my account got locked and support never replies" \
  "今天天气不错"
