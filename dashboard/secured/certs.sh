#!/bin/sh
# The `certs` one-shot of the secured compose stack (docker-compose.yml, profile `secured`): at the first start,
# a demo CA and the PKCS#12 stores signed by it, into the volume mounted at /certs. Nothing here is committed:
# every private key is generated in the volume. Later starts find the stores and change nothing.
#
#   truststore.p12  the CA certificate: every Kafka client and the broker trust it
#   broker.p12      CN=broker (User:broker, a super user), SAN kafka-secured: the broker's TLS listeners
#   admin.p12       CN=admin (User:admin, a super user): the `kafka-setup` one-shot, over the mTLS listener
#   ingest-https.p12 CN=ingest-secured, SAN ingest-secured and localhost: ingest's HTTPS API
#   ca.crt          the CA certificate in PEM, for curl --cacert
#
# The CA's private key is deleted once the certificates are issued. The stores are readable by every user of the
# volume (the broker and our services run as different users) and share one password: a local demo only.
set -eu
: "${STORE_PASSWORD:?}"
cd "${CERTS_DIR:-/certs}"
if [ -f truststore.p12 ] && [ -f broker.p12 ] && [ -f admin.p12 ] && [ -f ingest-https.p12 ]; then
  echo "certs: the stores exist, nothing to do"
  exit 0
fi
rm -f ./*.p12 ./*.crt ./*.csr
DAYS=825

keytool -genkeypair -keystore ca.p12 -storetype PKCS12 -storepass "$STORE_PASSWORD" -alias ca \
  -dname "CN=sleepdelta-demo-ca" -keyalg RSA -keysize 3072 -validity "$DAYS" -ext bc:c
keytool -exportcert -rfc -keystore ca.p12 -storepass "$STORE_PASSWORD" -alias ca -file ca.crt
keytool -importcert -noprompt -keystore truststore.p12 -storetype PKCS12 -storepass "$STORE_PASSWORD" \
  -alias ca -file ca.crt

# issue NAME CN SAN: NAME.p12 with one key entry, its certificate signed by the CA, chain leaf then CA
issue() {
  keytool -genkeypair -keystore "$1.p12" -storetype PKCS12 -storepass "$STORE_PASSWORD" -alias "$1" \
    -dname "CN=$2" -keyalg RSA -keysize 2048 -validity "$DAYS"
  keytool -certreq -keystore "$1.p12" -storepass "$STORE_PASSWORD" -alias "$1" -file "$1.csr"
  keytool -gencert -rfc -keystore ca.p12 -storepass "$STORE_PASSWORD" -alias ca -infile "$1.csr" \
    -outfile "$1.crt" -validity "$DAYS" -ext "SAN=$3" -ext KU=digitalSignature,keyEncipherment \
    -ext EKU=serverAuth,clientAuth
  cat "$1.crt" ca.crt > "$1-chain.crt"
  keytool -importcert -noprompt -keystore "$1.p12" -storepass "$STORE_PASSWORD" -alias "$1" -file "$1-chain.crt"
  rm -f "$1.csr" "$1.crt" "$1-chain.crt"
}
issue broker broker "dns:kafka-secured"
issue admin admin "dns:admin"
issue ingest-https ingest-secured "dns:ingest-secured,dns:localhost"

rm -f ca.p12
chmod 0644 ./*.p12 ca.crt
echo "certs: CA and stores written"
