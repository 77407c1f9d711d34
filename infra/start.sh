#!/bin/sh
# App Service start-up command (infra/azure.bicep, siteConfig.appCommandLine), run from the
# deployed app's root after `atk deploy`.
#
# The server reads the Graph certificate from a PEM file (LIAISON_GRAPH_CERTIFICATE_PATH). App
# Service gives it to us as a Key Vault reference in GRAPH_CERTIFICATE_PEM: write it to that path,
# readable by this user only, and keep it out of the server's environment.
set -eu

if [ -n "${GRAPH_CERTIFICATE_PEM:-}" ]; then
  case "$GRAPH_CERTIFICATE_PEM" in
    *"-----BEGIN"*) ;;
    *)
      # An unresolved reference arrives as the literal @Microsoft.KeyVault(...) text.
      echo "GRAPH_CERTIFICATE_PEM did not resolve from Key Vault: create the certificate (PEM content type) and check the identity's Key Vault Secrets User role" >&2
      exit 1
      ;;
  esac
  : "${LIAISON_GRAPH_CERTIFICATE_PATH:?LIAISON_GRAPH_CERTIFICATE_PATH must be set with GRAPH_CERTIFICATE_PEM}"
  umask 077
  mkdir -p "$(dirname "$LIAISON_GRAPH_CERTIFICATE_PATH")"
  printf '%s\n' "$GRAPH_CERTIFICATE_PEM" >"$LIAISON_GRAPH_CERTIFICATE_PATH"
  unset GRAPH_CERTIFICATE_PEM
fi

exec node dist/server/main.js
