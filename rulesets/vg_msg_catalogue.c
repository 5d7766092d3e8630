/*
 * The message catalogue: every sentence vigie writes, in English and in
 * French (Québec usage: courriel, témoin, NAM, NAS, clavardage...).
 *
 * Ids: RULE.what for findings, step.what for code-flow steps, notice.what
 * for notices, label.KEY for evidence fields and report labels. The
 * French is ours, written for privacy officers, not translated by a
 * machine; tests/rulesets/test_msg.c checks that both languages have the
 * same placeholders.
 */
#include "vg_msg.h"

static const vg_msg_def catalogue[] = {
    /* ---- static analysis: values in text ---------------------------- */
    {"DSC004.hardcoded",
     "Hard-coded {cat} {0}: personal identifiers must not be written into source or "
     "configuration; use synthetic values marked as such, or load them at run time.",
     "Valeur écrite en dur ({cat}) {0} : un identifiant personnel ne doit pas figurer dans le code "
     "source ni dans la configuration; utiliser des valeurs fictives désignées comme telles, "
     "ou les charger à l’exécution."},

    /* ---- static analysis: flows to sinks ---------------------------- */
    {"LOG002.flow",
     "{Cat} from {0} ({1}:{2}) reaches {3}() in {4}: application logs must not contain "
     "personal information; log an opaque request id, or mask the value (a declared "
     "sanitizer).",
     "{Cat} (source : {0}, {1}:{2}) parvient à {3}() dans {4} : les journaux applicatifs "
     "ne doivent contenir aucun renseignement personnel; journaliser un identifiant de "
     "requête opaque, ou masquer la valeur (fonction de nettoyage déclarée)."},
    {"MSG001.flow",
     "{Cat} from {0} ({1}:{2}) reaches {3}() in {4}: personal information is never sent by "
     "email; send a notice without it and let the person consult the secure portal.",
     "{Cat} (source : {0}, {1}:{2}) parvient à {3}() dans {4} : aucun renseignement "
     "personnel n’est transmis par courriel; envoyer un avis qui n’en contient pas et "
     "laisser la personne consulter le portail sécurisé."},
    {"MSG002.flow",
     "{Cat} from {0} ({1}:{2}) reaches {3}() in {4}: personal information is never sent by "
     "SMS; send a notice without it.",
     "{Cat} (source : {0}, {1}:{2}) parvient à {3}() dans {4} : aucun renseignement "
     "personnel n’est transmis par texto; envoyer un avis qui n’en contient pas."},
    {"MSG003.flow",
     "{Cat} from {0} ({1}:{2}) reaches {3}() in {4}: confidential information is never "
     "left in a voice message.",
     "{Cat} (source : {0}, {1}:{2}) parvient à {3}() dans {4} : aucun renseignement "
     "confidentiel n’est laissé dans un message vocal."},
    {"CK003.flow",
     "{Cat} from {0} ({1}:{2}) reaches {3}() in {4}: cookies must not identify a person; "
     "store an opaque session id.",
     "{Cat} (source : {0}, {1}:{2}) parvient à {3}() dans {4} : un témoin ne doit pas "
     "permettre d’identifier une personne; y conserver un identifiant de session opaque."},
    {"DSC002.flow",
     "{Cat} from {0} ({1}:{2}) reaches {3}() in {4}: personal information must not appear "
     "in URLs (they are logged and shared); send it in a POST body over TLS.",
     "{Cat} (source : {0}, {1}:{2}) parvient à {3}() dans {4} : aucun renseignement "
     "personnel ne doit figurer dans une adresse URL (elles sont journalisées et "
     "partagées); le transmettre dans le corps d’une requête POST chiffrée par TLS."},
    {"DSC001.flow",
     "{Cat} from {0} ({1}:{2}) reaches {3}() in {4}: personal information goes to a third "
     "party; check that it is authorised, or remove it.",
     "{Cat} (source : {0}, {1}:{2}) parvient à {3}() dans {4} : un renseignement "
     "personnel est communiqué à un tiers; vérifier que cette communication est autorisée, "
     "ou la retirer."},
    {"TLS005.flow",
     "{Cat} from {0} ({1}:{2}) reaches {3}() in {4}: personal information travels over a "
     "cleartext socket (sent or received); use TLS.",
     "{Cat} (source : {0}, {1}:{2}) parvient à {3}() dans {4} : un renseignement "
     "personnel passe par une connexion non chiffrée; utiliser TLS."},
    {"CRD004.flow",
     "{Cat} from {0} ({1}:{2}) reaches {3}() in {4}: passwords are confidential: never log, "
     "store in cookies or URLs, or send them to third parties.",
     "{Cat} (source : {0}, {1}:{2}) parvient à {3}() dans {4} : un mot de passe est "
     "confidentiel; ne jamais le journaliser, le conserver dans un témoin ou une adresse "
     "URL, ni le communiquer à un tiers."},
    {"CRD001.flow",
     "{Cat} from {0} ({1}:{2}) reaches {3}() in {4}: the username (from {5}) goes in the "
     "same message; send the username and the temporary password in two separate "
     "messages, to two different addresses.",
     "{Cat} (source : {0}, {1}:{2}) parvient à {3}() dans {4} : le nom d’utilisateur "
     "(source : {5}) part dans le même message; transmettre le nom d’utilisateur et le "
     "mot de passe temporaire dans deux messages distincts, à deux adresses différentes."},
    {"flow.also", "{0} Also reached by: {1}.", "{0} Atteint aussi par : {1}."},
    {"flow.other",
     "{Cat} from {0} ({1}:{2}) reaches {3}() in {4}.",
     "{Cat} (source : {0}, {1}:{2}) parvient à {3}() dans {4}."},
    {"DSC003.unaudited",
     "{0}() reads a personal record with no access-log (audit) call in {1}() or the "
     "functions it calls: every access to a record must be traced.",
     "{0}() lit un dossier personnel sans qu’aucun appel de journalisation des accès "
     "(audit) ne figure dans {1}() ni dans les fonctions qu’elle appelle : chaque accès à un "
     "dossier doit être tracé."},

    /* ---- code-flow steps (recognised in the IR's descriptions; the more
     * specific first, "{0}()" last) ---- */
    {"step.literal", "string literal {0}", "chaîne littérale {0}"},
    {"step.printed-as", "value printed as \"{0}\"", "valeur écrite sous l’étiquette « {0} »"},
    {"step.logpath", "log path", "chemin d’un journal"},
    {"step.param-of", "parameter {0} of {1}()", "paramètre {0} de {1}()"},
    {"step.param", "parameter {0}", "paramètre {0}"},
    {"step.variable", "variable {0}", "variable {0}"},
    {"step.reads-field", "reads field {0}", "lit le champ {0}"},
    {"step.field", "field {0}", "champ {0}"},
    {"step.held", "held in {0}", "conservé dans {0}"},
    {"step.passed", "passed to {0}() as argument {1}", "transmis à {0}() comme argument {1}"},
    {"step.copies", "{0}() copies it into {1}", "{0}() le copie dans {1}"},
    {"step.writes", "{0}() writes it into {1}", "{0}() l’écrit dans {1}"},
    {"step.sink-log", "sink: {0}() (log)", "destination : {0}() (journal)"},
    {"step.sink-email", "sink: {0}() (email)", "destination : {0}() (courriel)"},
    {"step.sink-sms", "sink: {0}() (sms)", "destination : {0}() (texto)"},
    {"step.sink-voice", "sink: {0}() (voice)", "destination : {0}() (message vocal)"},
    {"step.sink-cookie", "sink: {0}() (cookie)", "destination : {0}() (témoin)"},
    {"step.sink-url", "sink: {0}() (url)", "destination : {0}() (adresse URL)"},
    {"step.sink-http", "sink: {0}() (http)", "destination : {0}() (requête HTTP)"},
    {"step.sink-socket", "sink: {0}() (socket)", "destination : {0}() (connexion réseau)"},
    {"step.received", "received in clear by {0}()", "reçu en clair par {0}()"},
    {"step.returned", "returned by {0}()", "renvoyé par {0}()"},
    {"step.called-back", "{0}() calls back {1}() with it",
     "{0}() le transmet à sa fonction de rappel {1}()"},
    {"step.through", "through {0}()", "par {0}()"},
    {"step.keyed", "{0}() by a key naming {cat}", "{0}() par une clé qui désigne « {cat} »"},
    {"step.assigned", "assigned to {0}", "affecté à {0}"},
    {"step.varargs", "the ... arguments of {0}()", "les arguments variables (...) de {0}()"},
    {"step.compares", "{0}() compares it with {cat}", "{0}() le compare à {cat}"},
    {"step.named", "{cat} {0}", "{cat} {0}"},
    {"step.call", "{0}()", "{0}()"},

    /* ---- static analysis: TLS in code ------------------------------- */
    {"TLS001.code-rejected",
     "{0}(\"{1}\") is rejected by OpenSSL (no cipher suite matches); the call fails at run "
     "time",
     "{0}(\"{1}\") est refusé par OpenSSL (aucune suite de chiffrement ne correspond); "
     "l’appel échoue à l’exécution"},
    {"TLS001.code-weak",
     "{0}(\"{1}\") enables {2} cipher suite(s) under 256-bit strength: {3}. The policy "
     "requires 256-bit encryption; use e.g. \"{4}\".",
     "{0}(\"{1}\") active {2} suite(s) de chiffrement de moins de 256 bits : {3}. La "
     "politique exige un chiffrement de 256 bits; utiliser par exemple « {4} »."},
    {"TLS002.code-min-lowest",
     "minimum protocol version set to 0 (the lowest the library supports): SSL 3, TLS 1.0 "
     "and TLS 1.1 must not be accepted; use TLS1_2_VERSION or later",
     "version minimale du protocole fixée à 0 (la plus basse que la bibliothèque prend en "
     "charge) : SSL 3, TLS 1.0 et TLS 1.1 ne doivent pas être acceptés; utiliser "
     "TLS1_2_VERSION ou une version ultérieure"},
    {"TLS002.code-min",
     "minimum protocol version set to {0}: SSL 3, TLS 1.0 and TLS 1.1 must not be "
     "accepted; use TLS1_2_VERSION or later",
     "version minimale du protocole fixée à {0} : SSL 3, TLS 1.0 et TLS 1.1 ne doivent pas "
     "être acceptés; utiliser TLS1_2_VERSION ou une version ultérieure"},
    {"TLS004.curl-verify",
     "curl_easy_setopt({0}, 0) turns certificate verification off: any server can "
     "impersonate the peer; keep the default (verification on) and give CURLOPT_CAINFO if a "
     "private CA is used",
     "curl_easy_setopt({0}, 0) désactive la vérification du certificat : n’importe quel "
     "serveur peut se faire passer pour l’interlocuteur; garder la valeur par défaut "
     "(vérification active) et fournir CURLOPT_CAINFO si une autorité de certification "
     "privée est utilisée"},
    {"TLS002.curl-version",
     "CURLOPT_SSLVERSION {0} allows protocols below TLS 1.2; use CURL_SSLVERSION_TLSv1_2 or "
     "later",
     "CURLOPT_SSLVERSION {0} permet des protocoles antérieurs à TLS 1.2; utiliser "
     "CURL_SSLVERSION_TLSv1_2 ou une version ultérieure"},
    {"TLS004.verify-none",
     "{0}(SSL_VERIFY_NONE) turns certificate verification off: use SSL_VERIFY_PEER with a "
     "trust store",
     "{0}(SSL_VERIFY_NONE) désactive la vérification du certificat : utiliser "
     "SSL_VERIFY_PEER avec un magasin de certificats de confiance"},
    {"TLS004.verify-maybe-none",
     "{0}() is given {1}, which is 0 (SSL_VERIFY_NONE) on a path that assigns it nothing: "
     "certificate verification is off there; use SSL_VERIFY_PEER with a trust store",
     "{0}() reçoit {1}, qui vaut 0 (SSL_VERIFY_NONE) sur un chemin où rien ne lui est "
     "affecté : la vérification du certificat y est désactivée; utiliser SSL_VERIFY_PEER "
     "avec un magasin de certificats de confiance"},
    {"TLS002.pinned-method",
     "{0}() pins a protocol below TLS 1.2; use TLS_method() with "
     "SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION)",
     "{0}() impose un protocole antérieur à TLS 1.2; utiliser TLS_method() avec "
     "SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION)"},
    {"TLS004.unverified-peer",
     "{0}() takes the peer certificate but nothing in the program calls "
     "SSL_get_verify_result() or sets SSL_VERIFY_PEER: the certificate may be used "
     "unverified; check that it equals X509_V_OK, or use SSL_VERIFY_PEER",
     "{0}() obtient le certificat de l’interlocuteur, mais rien dans le programme n’appelle "
     "SSL_get_verify_result() ni n’active SSL_VERIFY_PEER : le certificat peut être utilisé "
     "sans avoir été vérifié; "
     "s’assurer que le résultat vaut X509_V_OK, ou utiliser SSL_VERIFY_PEER"},
    {"TLS004.accept-all-callback",
     "{0}() installs the verify callback {1}(), which returns 1 on every path: every "
     "certificate is accepted, whatever OpenSSL found; return the preverify result",
     "{0}() installe la fonction de rappel de vérification {1}(), qui renvoie 1 dans tous "
     "les cas : tout certificat est accepté, quoi qu’OpenSSL ait constaté; renvoyer le "
     "résultat de la prévérification"},

    /* ---- static analysis: configuration ----------------------------- */
    {"TLS002.conf-legacy",
     "{0}: legacy protocol(s) {1} enabled (effective: {2}). Only TLS 1.2 and 1.3 comply: {3}.",
     "{0} : protocole(s) désuet(s) {1} activé(s) (valeur en vigueur : {2}). Seuls TLS 1.2 "
     "et 1.3 sont conformes : {3}."},
    {"TLS001.conf-weak13",
     "{0}: {1} enables {2} of {3} TLS 1.3 suites under 256-bit strength: {4}. Only 256-bit "
     "suites comply (TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256).",
     "{0} : {1} active {2} des {3} suites TLS 1.3 de moins de 256 bits : {4}. Seules les "
     "suites de 256 bits sont conformes (TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256)."},
    {"TLS001.conf-weak12",
     "{0}: {1} enables {2} of {3} TLS 1.2-and-below suites under 256-bit strength: {4}. Only "
     "256-bit suites comply (e.g. ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
     "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305).",
     "{0} : {1} active {2} des {3} suites TLS 1.2 et antérieures de moins de 256 bits : {4}. "
     "Seules les suites de 256 bits sont conformes (p. ex. ECDHE-ECDSA-AES256-GCM-SHA384:"
     "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305)."},
    {"CK004.conf-set-cookie",
     "{0}: cookie \"{1}\" is set without {2} ({3}). A session cookie complies with \"; Secure; "
     "HttpOnly; SameSite=Lax\" (or Strict).",
     "{0} : le témoin « {1} » est créé sans {2} ({3}). Un témoin de session est conforme "
     "avec « ; Secure; HttpOnly; SameSite=Lax » (ou Strict)."},
    {"TLS005.nginx-hsts-replaced",
     "{0}, {1} {2}: its own add_header directives replace the inherited ones, so "
     "Strict-Transport-Security is not sent here. Repeat add_header Strict-Transport-Security "
     "\"max-age=63072000\" always; in this block.",
     "{0}, {1} {2} : ses propres directives add_header remplacent celles qui sont héritées, "
     "de sorte que Strict-Transport-Security n’est pas envoyé ici. Répéter add_header "
     "Strict-Transport-Security \"max-age=63072000\" always; dans ce bloc."},
    {"TLS005.nginx-no-hsts",
     "{0}: TLS server without Strict-Transport-Security (HSTS): browsers can be downgraded to "
     "cleartext http://. Add: add_header Strict-Transport-Security \"max-age=63072000\" always;",
     "{0} : serveur TLS sans Strict-Transport-Security (HSTS) : un navigateur peut être "
     "ramené à http:// non chiffré. Ajouter : add_header Strict-Transport-Security "
     "\"max-age=63072000\" always;"},
    {"LOG001.nginx",
     "log_format {0} records {1}, beyond the automatic-exchange list. Keep to $remote_addr, "
     "$time_local/$time_iso8601, $host, $request_method, $uri, $status, $body_bytes_sent, "
     "$http_referer and $http_user_agent.",
     "log_format {0} consigne {1}, au-delà de la liste des échanges automatiques. S’en tenir "
     "à $remote_addr, $time_local/$time_iso8601, $host, $request_method, $uri, $status, "
     "$body_bytes_sent, $http_referer et $http_user_agent."},
    {"CK004.nginx-proxy-flags",
     "{0}: cookies matching {1} are passed without the flag(s) {2} ({3}). Complies: "
     "proxy_cookie_flags {1} secure httponly samesite=lax;",
     "{0} : les témoins correspondant à {1} sont transmis sans l’attribut ou les attributs "
     "{2} ({3}). Conforme : proxy_cookie_flags {1} secure httponly samesite=lax;"},
    {"TLS005.apache-no-hsts",
     "{0}: TLS virtual host without Strict-Transport-Security (HSTS): browsers can be "
     "downgraded to cleartext http://. Add: Header always set Strict-Transport-Security "
     "\"max-age=63072000\"",
     "{0} : hôte virtuel TLS sans Strict-Transport-Security (HSTS) : un navigateur peut être "
     "ramené à http:// non chiffré. Ajouter : Header always set Strict-Transport-Security "
     "\"max-age=63072000\""},
    {"LOG001.apache",
     "{0} {1} records {2}, beyond the automatic-exchange list. Keep to %h, %t, %m %U, %>s, "
     "%b, %{{Referer}}i and %{{User-Agent}}i.",
     "{0} {1} consigne {2}, au-delà de la liste des échanges automatiques. S’en tenir à %h, "
     "%t, %m %U, %>s, %b, %{{Referer}}i et %{{User-Agent}}i."},
    {"TLS001.conf-ciphers",
     "{0}: ciphers enables {1} of {2} suites under 256-bit strength: {3}. Only 256-bit suites "
     "comply (e.g. TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256, "
     "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384).",
     "{0} : ciphers active {1} suites sur {2} de moins de 256 bits : {3}. Seules les suites "
     "de 256 bits sont conformes (p. ex. TLS_AES_256_GCM_SHA384, "
     "TLS_CHACHA20_POLY1305_SHA256, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)."},
    {"CK005.html-tracker-script",
     "The page loads {0} ({1}, {2}) with a <script src> tag, before any consent: nothing "
     "marks it as waiting for consent. Load it only after consent (e.g. inside a consent "
     "condition, or as type=\"text/plain\" for a consent manager to enable).",
     "La page charge {0} ({1}, {2}) par une balise <script src>, avant tout consentement : "
     "rien n’indique qu’il attend le consentement. Ne le charger qu’après le consentement "
     "(p. ex. dans une condition de consentement, ou en type=\"text/plain\" qu’un "
     "gestionnaire de consentement activera)."},
    {"CK005.html-tracker-inline",
     "The page loads {0} ({1}, {2}) from an inline loader script, before any consent: nothing "
     "marks it as waiting for consent. Load it only after consent (e.g. inside a consent "
     "condition, or as type=\"text/plain\" for a consent manager to enable).",
     "La page charge {0} ({1}, {2}) par un script de chargement intégré, avant tout "
     "consentement : rien n’indique qu’il attend le consentement. Ne le charger qu’après le "
     "consentement (p. ex. dans une condition de consentement, ou en type=\"text/plain\" "
     "qu’un gestionnaire de consentement activera)."},
    {"CK005.html-tracker-tag",
     "The page loads {0} ({1}, {2}) through an <{3}> tag, before any consent: nothing marks it "
     "as waiting for consent. Load it only after consent (e.g. inside a consent condition, or "
     "as type=\"text/plain\" for a consent manager to enable).",
     "La page charge {0} ({1}, {2}) par une balise <{3}>, avant tout consentement : rien "
     "n’indique qu’il attend le consentement. Ne le charger qu’après le consentement (p. ex. "
     "dans une condition de consentement, ou en type=\"text/plain\" qu’un gestionnaire de "
     "consentement activera)."},
    {"DSC002.html-get-form",
     "This form collects {0} and submits with method=\"get\": the values go into the URL "
     "(browser history, server and proxy logs, Referer). Use method=\"post\".",
     "Ce formulaire recueille {0} et est soumis avec method=\"get\" : les valeurs se "
     "retrouvent dans l’adresse URL (historique du navigateur, journaux des serveurs et des "
     "mandataires, en-tête Referer). Utiliser method=\"post\"."},
    {"DSC002.html-default-get",
     "This form collects {0} and submits with GET (no method attribute: GET is the default): "
     "the values go into the URL (browser history, server and proxy logs, Referer). Use "
     "method=\"post\".",
     "Ce formulaire recueille {0} et est soumis par GET (aucun attribut method : GET est la "
     "valeur par défaut) : les valeurs se retrouvent dans l’adresse URL (historique du "
     "navigateur, journaux des serveurs et des mandataires, en-tête Referer). Utiliser "
     "method=\"post\"."},
    {"TLS005.html-cleartext-form",
     "This form collects {0} and submits it in cleartext to {1}. Use an https:// address (or "
     "a relative one on an HTTPS page).",
     "Ce formulaire recueille {0} et le transmet en clair à {1}. Utiliser une adresse "
     "https:// (ou une adresse relative sur une page HTTPS)."},
    {"config.rule-at", "{0} (config rule {1}, at {2})", "{0} (règle de configuration {1}, à {2})"},
    {"config.rule", "{0} (config rule {1})", "{0} (règle de configuration {1})"},
    {"config.rule-unset",
     "{0} (config rule {1}: {2} is not set)", "{0} (règle de configuration {1} : {2} n’est pas défini)"},
    {"config.rule-unset-want",
     "{0} (config rule {1}: {2} is not set; complies: {3})",
     "{0} (règle de configuration {1} : {2} n’est pas défini; conforme : {3})"},
    {"config.rule-differs",
     "{0} (config rule {1}: {2} is {3}; complies: {4})",
     "{0} (règle de configuration {1} : {2} vaut {3}; conforme : {4})"},
    {"config.rule-forbidden",
     "{0} (config rule {1}: {2} is {3}, which does not comply)",
     "{0} (règle de configuration {1} : {2} vaut {3}, ce qui n’est pas conforme)"},

    /* ---- probes: TLS ------------------------------------------------- */
    {"TLS001.probe-weak-suite",
     "accepts {0}: {1}-bit {2}, below the 256-bit minimum ({3})",
     "accepte {0} : {2} de {1} bits, sous le minimum de 256 bits ({3})"},
    {"TLS001.probe-weak-suite-export",
     "accepts {0}: {1}-bit {2}, export grade, below the 256-bit minimum ({3})",
     "accepte {0} : {2} de {1} bits, de qualité « exportation », sous le minimum de 256 bits "
     "({3})"},
    {"TLS002.probe-obsolete",
     "accepts {0}, an obsolete protocol ({1}): {2} cipher suite(s)",
     "accepte {0}, un protocole désuet ({1}) : {2} suite(s) de chiffrement"},
    {"TLS001.kx", "key exchange {0} ({1} bits) with {2} {3}",
     "échange de clés {0} ({1} bits) avec {2} {3}"},
    {"TLS001.kx-static", "{0} {1} negotiated without an ephemeral key exchange",
     "{0} {1} négocié sans échange de clés éphémère"},
    {"TLS001.kx-weak-dh", "weak: below 2048-bit DH", "faible : DH de moins de 2048 bits"},
    {"TLS001.kx-weak-curve", "weak: below a 256-bit curve",
     "faible : courbe de moins de 256 bits"},
    {"TLS001.kx-dhe", "DHE group of {0} bits with {1}", "groupe DHE de {0} bits avec {1}"},
    {"TLS001.kx-dhe-weak", "DHE group of {0} bits with {1} (weak: below 2048-bit DH)",
     "groupe DHE de {0} bits avec {1} (faible : DH de moins de 2048 bits)"},
    {"TLS001.kx-no-fs",
     "{0} accepted suite(s) without forward secrecy (static RSA, DH or PSK key exchange)",
     "{0} suite(s) acceptée(s) sans confidentialité persistante (échange de clés RSA, DH ou "
     "PSK statique)"},
    {"TLS001.kx-export",
     "{0} export-grade or anonymous key exchange suite(s) accepted",
     "{0} suite(s) à échange de clés anonyme ou de qualité « exportation » acceptée(s)"},
    {"TLS003.fault", "{0}; subject {1}", "{0}; sujet {1}"},
    {"cert.expired", "certificate expired on {0}", "le certificat est expiré depuis le {0}"},
    {"cert.chain-expired", "chain certificate at depth {0} has expired",
     "le certificat de la chaîne à la profondeur {0} est expiré"},
    {"cert.not-yet-valid", "certificate is not valid before {0}",
     "le certificat n’est pas valide avant le {0}"},
    {"cert.chain-not-yet-valid", "chain certificate at depth {0} is not yet valid",
     "le certificat de la chaîne à la profondeur {0} n’est pas encore valide"},
    {"cert.self-signed", "certificate is self-signed: no authority vouches for it ({0})",
     "le certificat est autosigné : aucune autorité n’en répond ({0})"},
    {"cert.chain", "chain does not verify: {0} (depth {1})",
     "la chaîne ne se vérifie pas : {0} (profondeur {1})"},
    {"cert.hostname", "certificate does not cover {0} (it names: {1})",
     "le certificat ne couvre pas {0} (il désigne : {1})"},
    {"cert.rsa-weak", "RSA key of {0} bits (at least 2048 needed)",
     "clé RSA de {0} bits (au moins 2048 requis)"},
    {"cert.dsa", "DSA key of {0} bits (DSA is deprecated for TLS certificates)",
     "clé DSA de {0} bits (DSA est désuet pour les certificats TLS)"},
    {"cert.ec-weak", "EC key of {0} bits ({1}; at least 256 needed)",
     "clé EC de {0} bits ({1}; au moins 256 requis)"},
    {"cert.signature", "certificate signed with {0}, a broken hash",
     "certificat signé avec {0}, un algorithme de hachage cassé"},
    {"cert.missing", "the server sent no certificate ({0} {1} is anonymous)",
     "le serveur n’a envoyé aucun certificat ({0} {1} est anonyme)"},
    {"notice.tls-no-handshake",
     "no TLS handshake succeeded with any protocol version (SSL 3.0 to TLS 1.3) and any of {0} "
     "cipher suites; to a TLS 1.2 offer: {1}",
     "aucune négociation TLS n’a réussi, quelle que soit la version du protocole (SSL 3.0 à "
     "TLS 1.3) et quelle que soit la suite parmi {0}; à une offre TLS 1.2 : {1}"},
    {"notice.tls-no-cert", "certificate not checked: {0}", "certificat non vérifié : {0}"},

    /* ---- probes: cookies --------------------------------------------- */
    {"cookie.what-unknown", "unknown: not in the cookie catalogue nor declared essential",
     "inconnu : absent du catalogue des témoins et non déclaré essentiel"},
    {"cookie.what-vendor", "{0}, {1}", "{0}, {1}"},
    {"cookie.what-declared", "{0}, declared by the scenario", "{0}, déclaré par le scénario"},
    {"cookie.what", "{0}", "{0}"},
    {"CK001.before",
     "Cookie {0} ({1}) is set before the visitor made any consent choice, on {2} (phase "
     "before).",
     "Le témoin {0} ({1}) est créé avant que le visiteur ait fait un choix de consentement, "
     "sur {2} (phase before)."},
    {"CK002.refused",
     "Cookie {0} ({1}) is set after the visitor refused non-essential cookies, on {2} (phase "
     "refuse).",
     "Le témoin {0} ({1}) est créé après que le visiteur a refusé les témoins non "
     "essentiels, sur {2} (phase refuse)."},
    {"CK002.withdrawn-present",
     "Cookie {0} ({1}) is still present after the visitor withdrew consent, on {2} (phase "
     "withdraw).",
     "Le témoin {0} ({1}) est toujours présent après le retrait du consentement du "
     "visiteur, sur {2} (phase withdraw)."},
    {"CK002.withdrawn-set",
     "Cookie {0} ({1}) is set again after the visitor withdrew consent, on {2} (phase "
     "withdraw).",
     "Le témoin {0} ({1}) est créé de nouveau après le retrait du consentement du visiteur, "
     "sur {2} (phase withdraw)."},
    {"cookie.why-value", "contains a {cat} ({0})", "contient le renseignement suivant : {cat} ({0})"},
    {"cookie.why-identity", "contains the {0} of test identity #{1}",
     "contient la donnée « {0} » de l’identité de test no {1}"},
    {"cookie.why-unique",
     "is a unique identifier kept for {0} days in a non-essential cookie",
     "est un identifiant unique conservé {0} jours dans un témoin non essentiel"},
    {"cookie.why-and-identity", "{0}, and the {1} of test identity #{2}",
     "{0}, ainsi que la donnée « {1} » de l’identité de test no {2}"},
    {"CK003.cookie", "Cookie {0} ({1}) {2}, set on {3} (phase {4}).",
     "Le témoin {0} ({1}) {2}; créé sur {3} (phase {4})."},
    {"CK004.probe", "Essential cookie {0} ({1}) lacks {2}, set on {3} (phase {4}).",
     "Il manque {2} au témoin essentiel {0} ({1}), créé sur {3} (phase {4})."},
    {"CK005.probe-before",
     "Page {0} loads the {1} script {2} ({3}) before any consent choice (phase {4}).",
     "La page {0} charge le script {1} {2} ({3}) avant tout choix de consentement (phase "
     "{4})."},
    {"CK005.probe-refused",
     "Page {0} loads the {1} script {2} ({3}) after the visitor refused non-essential cookies "
     "(phase {4}).",
     "La page {0} charge le script {1} {2} ({3}) après que le visiteur a refusé les témoins "
     "non essentiels (phase {4})."},
    {"CK001.storage-before",
     "Browser storage {0} ({1}) is written before the visitor made any consent choice, on {2} "
     "(phase before).",
     "Le stockage du navigateur {0} ({1}) est écrit avant que le visiteur ait fait un choix de "
     "consentement, sur {2} (phase before)."},
    {"CK002.storage-refused",
     "Browser storage {0} ({1}) is written after the visitor refused non-essential cookies, on "
     "{2} (phase refuse).",
     "Le stockage du navigateur {0} ({1}) est écrit après que le visiteur a refusé les témoins "
     "non essentiels, sur {2} (phase refuse)."},
    {"CK002.storage-withdrawn",
     "Browser storage {0} ({1}) is still there after the visitor withdrew consent, on {2} "
     "(phase withdraw).",
     "Le stockage du navigateur {0} ({1}) est toujours présent après le retrait du "
     "consentement du visiteur, sur {2} (phase withdraw)."},
    {"CK003.storage", "Browser storage {0} ({1}) {2}, on {3} (phase {4}).",
     "Le stockage du navigateur {0} ({1}) {2}; sur {3} (phase {4})."},
    /* ---- probes: the browser's requests ---------------------------- */
    {"net.kind.analytics", "analytics", "mesure d’audience"},
    {"net.kind.session-replay", "session replay", "relecture de session"},
    {"net.kind.advertising", "advertising", "publicité"},
    {"net.kind.cdn", "content delivery network", "réseau de diffusion de contenu"},
    {"net.kind.unknown", "unknown: not in the third-party catalogue",
     "inconnu : absent du catalogue des tiers"},
    {"net.what-vendor", "{0}, {1}", "{0}, {1}"},
    {"net.pd-value", "a {0} ({1})", "un renseignement personnel ({0} : {1})"},
    {"net.pd-identity", "the {0} of test identity #{1}",
     "la donnée « {0} » de l’identité de test no {1}"},
    {"net.where.url", "URL", "l’adresse URL"},
    {"net.where.body", "body", "le corps"},
    {"net.where.header", "{0} header", "l’en-tête {0}"},
    {"net.no-referrer-policy", "no header", "aucun en-tête"},
    {"CK005.probe-request-before",
     "Page {0} sends a request ({1}) to the third-party host {2} ({3}) before any consent "
     "choice (phase {4}).",
     "La page {0} envoie une requête ({1}) à l’hôte tiers {2} ({3}) avant tout choix de "
     "consentement (phase {4})."},
    {"CK005.probe-request-refused",
     "Page {0} sends a request ({1}) to the third-party host {2} ({3}) after the visitor "
     "refused non-essential cookies (phase {4}).",
     "La page {0} envoie une requête ({1}) à l’hôte tiers {2} ({3}) après que le visiteur a "
     "refusé les témoins non essentiels (phase {4})."},
    {"DSC001.probe",
     "Page {0} sends {1} to the third-party host {2} ({3}) in the request’s {4} (phase {5}).",
     "La page {0} transmet à l’hôte tiers {2} ({3}) {1}, dans {4} de la requête (phase {5})."},
    {"DSC001.probe-typed",
     "Page {0} sends {1}, typed into a form not yet submitted, to the third-party host {2} "
     "({3}) in the request’s {4} (phase {5}): key logging or session replay.",
     "Avant l’envoi du formulaire, la page {0} transmet à l’hôte tiers {2} ({3}) ce qui y est "
     "tapé : {1}, dans {4} de la requête (phase {5}); c’est de l’enregistrement de frappes ou "
     "de la relecture de session."},
    {"DSC002.probe-url",
     "The service’s address {0} carries {1} (phase {2}); addresses are logged and sent to "
     "other sites.",
     "L’adresse {0} du service contient {1} (phase {2}); les adresses sont journalisées et "
     "transmises à d’autres sites."},
    {"DSC002.probe-referrer",
     "Page {0} carries {1} in its address and sends no Referrer-Policy that keeps the address "
     "from other sites ({2}); send Referrer-Policy: same-origin or no-referrer.",
     "La page {0} contient {1} dans son adresse et n’envoie aucun en-tête Referrer-Policy qui "
     "empêche de transmettre cette adresse à d’autres sites ({2}); envoyer Referrer-Policy: "
     "same-origin ou no-referrer."},
    {"identity.name", "name", "nom"},
    {"identity.nam", "health insurance number", "NAM"},
    {"identity.sin", "social insurance number", "NAS"},
    {"identity.dob", "date of birth", "date de naissance"},
    {"identity.email", "email address", "adresse courriel"},
    {"identity.phone", "phone number", "numéro de téléphone"},
    {"identity.username", "username", "nom d’utilisateur"},
    {"identity.password", "password", "mot de passe"},

    /* ---- probes: the access log --------------------------------------- */
    {"LOG001.log-cookie",
     "Access log {0}, line {1}, keeps the cookie the probe sent ({2}): an access log keeps "
     "only the automatically exchanged information (domain name, IP address, browser and "
     "operating system, date and time, pages visited, referring site), never cookies.",
     "Le journal d’accès {0}, ligne {1}, conserve le témoin envoyé par la sonde ({2}) : un "
     "journal d’accès ne conserve que les renseignements échangés automatiquement (nom de "
     "domaine, adresse IP, navigateur et système d’exploitation, date et heure, pages "
     "consultées, site référent), jamais les témoins."},
    {"LOG001.log-authorization",
     "Access log {0}, line {1}, keeps the Authorization header the probe sent ({2}): an access "
     "log keeps only the automatically exchanged information, never credentials.",
     "Le journal d’accès {0}, ligne {1}, conserve l’en-tête Authorization envoyé par la sonde "
     "({2}) : un journal d’accès ne conserve que les renseignements échangés automatiquement, "
     "jamais les informations d’authentification."},
    {"LOG001.log-body",
     "Access log {0}, line {1}, keeps the request body the probe sent ({2}): an access log "
     "keeps only the automatically exchanged information, never what a form sends.",
     "Le journal d’accès {0}, ligne {1}, conserve le corps de la requête envoyé par la sonde "
     "({2}) : un journal d’accès ne conserve que les renseignements échangés automatiquement, "
     "jamais le contenu d’un formulaire."},
    {"LOG001.log-value",
     "Access log {0}, line {1}, keeps a {cat} of test identity #{3} ({2}) that the probe sent: "
     "personal information must not be written to an access log (log the path, not the query "
     "string or the body).",
     "Le journal d’accès {0}, ligne {1}, conserve le renseignement suivant, envoyé par la "
     "sonde : {cat} de l’identité de test no {3} ({2}). Aucun renseignement personnel ne doit "
     "être inscrit dans un journal d’accès (y consigner le chemin, et non la chaîne de requête "
     "ni le corps)."},
    {"CRD004.log-password",
     "Access log {0}, line {1}, keeps the password of test identity #{3} ({2}): a password is "
     "never written to a log.",
     "Le journal d’accès {0}, ligne {1}, conserve le mot de passe de l’identité de test no {3} "
     "({2}) : un mot de passe n’est jamais inscrit dans un journal."},
    {"CRD004.log-basic",
     "Access log {0}, line {1}, keeps the Basic credentials of test identity #{3} ({2}), which "
     "carry the password in base64: a password is never written to a log.",
     "Le journal d’accès {0}, ligne {1}, conserve les informations d’authentification Basic "
     "de l’identité de test no {3} ({2}), qui contiennent le mot de passe encodé en base64 : "
     "un mot de passe n’est jamais inscrit dans un journal."},

    /* ---- probes: email and SMS --------------------------------------- */
    {"MSG001.value",
     "Email {0} to {1} carries a {cat} {2}: personal information must never be sent by "
     "email.",
     "Le courriel {0} destiné à {1} contient le renseignement suivant : {cat} {2}. Aucun renseignement "
     "personnel ne doit être transmis par courriel."},
    {"MSG001.value-identity",
     "Email {0} to {1} carries a {cat} {2} (test identity #{3}): personal information must "
     "never be sent by email.",
     "Le courriel {0} destiné à {1} contient le renseignement suivant : {cat} {2} "
     "(identité de test no {3}). Aucun renseignement personnel ne doit être transmis par courriel."},
    {"MSG001.masked",
     "Email {0} to {1} shows a {cat} only masked ({2}): nothing of it is disclosed.",
     "Le courriel {0} destiné à {1} ne présente le renseignement suivant que sous forme "
     "masquée : {cat} {2}. Rien n’en est divulgué."},
    {"MSG002.masked",
     "SMS {0} to {1} shows a {cat} only masked ({2}): nothing of it is disclosed.",
     "Le texto {0} destiné à {1} ne présente le renseignement suivant que sous forme "
     "masquée : {cat} {2}. Rien n’en est divulgué."},
    {"MSG003.masked",
     "Voice message {0} to {1} speaks a {cat} only masked ({2}): nothing of it is disclosed.",
     "Le message vocal {0} destiné à {1} n’énonce le renseignement suivant que sous forme "
     "masquée : {cat} {2}. Rien n’en est divulgué."},
    {"MSG002.value",
     "SMS {0} to {1} carries a {cat} {2}: personal information must never be sent by text "
     "message.",
     "Le texto {0} destiné à {1} contient le renseignement suivant : {cat} {2}. Aucun renseignement "
     "personnel ne doit être transmis par texto."},
    {"MSG002.value-identity",
     "SMS {0} to {1} carries a {cat} {2} (test identity #{3}): personal information must "
     "never be sent by text message.",
     "Le texto {0} destiné à {1} contient le renseignement suivant : {cat} {2} "
     "(identité de test no {3}). Aucun renseignement personnel ne doit être transmis par texto."},
    {"MSG003.value",
     "Voice message {0} to {1} speaks a {cat} {2}: confidential information must never be "
     "left in a telephone or voice message.",
     "Le message vocal {0} destiné à {1} énonce le renseignement suivant : {cat} {2}. "
     "Aucune donnée confidentielle ne doit être mentionnée dans un message téléphonique ou "
     "vocal."},
    {"MSG003.value-identity",
     "Voice message {0} to {1} speaks a {cat} {2} (test identity #{3}): confidential "
     "information must never be left in a telephone or voice message.",
     "Le message vocal {0} destiné à {1} énonce le renseignement suivant : {cat} {2} "
     "(identité de test no {3}). Aucune donnée confidentielle ne doit être mentionnée dans "
     "un message téléphonique ou vocal."},
    {"MSG004.email",
     "Email {0} to {1} asks the recipient for personal information (\"{2}\"): the policy "
     "promises the body never asks for it by email or text message.",
     "Le courriel {0} destiné à {1} demande des renseignements personnels au destinataire "
     "(« {2} ») : la politique promet que l’organisme ne les demande jamais par courriel ni "
     "par texto."},
    {"MSG004.sms",
     "SMS {0} to {1} asks the recipient for personal information (\"{2}\"): the policy "
     "promises the body never asks for it by email or text message.",
     "Le texto {0} destiné à {1} demande des renseignements personnels au destinataire "
     "(« {2} ») : la politique promet que l’organisme ne les demande jamais par courriel ni "
     "par texto."},
    {"MSG004.voice",
     "Voice message {0} to {1} asks the recipient for personal information (\"{2}\"): the "
     "policy promises the body never asks for it in a message it sends.",
     "Le message vocal {0} destiné à {1} demande des renseignements personnels au "
     "destinataire (« {2} ») : la politique promet que l’organisme ne les demande jamais "
     "dans un message qu’il envoie."},
    {"CRD001.email",
     "Email {0} to {1} carries both the username (part {2}, line {3}) and the password (part "
     "{4}, line {5}): they must go out separately, to two different personal addresses.",
     "Le courriel {0} destiné à {1} contient à la fois le nom d’utilisateur (partie {2}, "
     "ligne {3}) et le mot de passe (partie {4}, ligne {5}) : ils doivent être envoyés "
     "séparément, à deux adresses personnelles différentes."},
    {"CRD001.sms",
     "SMS {0} to {1} carries both the username (part {2}, line {3}) and the password (part "
     "{4}, line {5}): they must go out separately, to two different personal addresses.",
     "Le texto {0} destiné à {1} contient à la fois le nom d’utilisateur (partie {2}, ligne "
     "{3}) et le mot de passe (partie {4}, ligne {5}) : ils doivent être envoyés séparément, "
     "à deux adresses personnelles différentes."},
    {"CRD001.voice",
     "Voice message {0} to {1} speaks both the username (part {2}, line {3}) and the "
     "password (part {4}, line {5}): they must go out separately, to two different personal "
     "addresses.",
     "Le message vocal {0} destiné à {1} énonce à la fois le nom d’utilisateur (partie {2}, "
     "ligne {3}) et le mot de passe (partie {4}, ligne {5}) : ils doivent être envoyés "
     "séparément, à deux adresses personnelles différentes."},
    {"CRD003.both",
     "Message {0} sends a username and a password to the shared mailbox {1}: credentials go "
     "only to the person's own address, never to a shared or role mailbox.",
     "Le message {0} envoie un nom d’utilisateur et un mot de passe à la boîte partagée {1} : "
     "les informations de connexion ne vont qu’à l’adresse de la personne elle-même, jamais "
     "à une boîte partagée ou générique."},
    {"CRD003.username",
     "Message {0} sends a username to the shared mailbox {1}: credentials go only to the "
     "person's own address, never to a shared or role mailbox.",
     "Le message {0} envoie un nom d’utilisateur à la boîte partagée {1} : les informations "
     "de connexion ne vont qu’à l’adresse de la personne elle-même, jamais à une boîte "
     "partagée ou générique."},
    {"CRD003.password",
     "Message {0} sends a password to the shared mailbox {1}: credentials go only to the "
     "person's own address, never to a shared or role mailbox.",
     "Le message {0} envoie un mot de passe à la boîte partagée {1} : les informations de "
     "connexion ne vont qu’à l’adresse de la personne elle-même, jamais à une boîte partagée "
     "ou générique."},
    {"MSG001.no-tls-password",
     "Email {0} to {1} carries a password and reached the capture without TLS (no STARTTLS): "
     "credentials crossed the network in clear text.",
     "Le courriel {0} destiné à {1} contient un mot de passe et est arrivé à la capture sans "
     "TLS (pas de STARTTLS) : les informations de connexion ont traversé le réseau en clair."},
    {"MSG001.no-tls-username",
     "Email {0} to {1} carries a username and reached the capture without TLS (no STARTTLS): "
     "credentials crossed the network in clear text.",
     "Le courriel {0} destiné à {1} contient un nom d’utilisateur et est arrivé à la capture "
     "sans TLS (pas de STARTTLS) : les informations de connexion ont traversé le réseau en "
     "clair."},
    {"CRD002.same-address",
     "The username and the password both reached {0}, in separate messages: they must go to "
     "two different personal addresses (temporary password to the user, username to the "
     "authoriser).",
     "Le nom d’utilisateur et le mot de passe sont tous deux parvenus à {0}, dans des "
     "messages distincts : ils doivent aller à deux adresses personnelles différentes (le "
     "mot de passe temporaire à l’utilisateur, le nom d’utilisateur à l’autorisateur)."},

    /* ---- notices: what could not be checked --------------------------- */
    {"notice.unreadable", "cannot read file: {0}", "fichier illisible : {0}"},
    {"notice.irregular",
     "not a regular file (a FIFO, a device, a directory or a socket): not read",
     "ce n’est pas un fichier ordinaire (tube nommé, périphérique, répertoire ou connecteur) : "
     "non lu"},
    {"notice.too-large", "larger than {0} bytes: not read", "plus de {0} octets : non lu"},
    {"notice.unmappable", "cannot map file: {0}", "impossible de projeter le fichier en mémoire : {0}"},
    {"notice.binary", "binary file skipped (it contains NUL bytes)",
     "fichier binaire ignoré (il contient des octets NUL)"},
    {"notice.match-failed", "pattern matching failed part-way; later lines were not checked",
     "la recherche de motifs a échoué en cours de route; les lignes suivantes n’ont pas été "
     "vérifiées"},
    {"notice.cache-unwritable", "the cache directory is not writable: results were not cached",
     "le répertoire du cache n’est pas accessible en écriture : les résultats n’ont pas été "
     "mis en cache"},
    {"notice.cache-reuse", "C/C++: {0} of {1} translation units reused from the cache",
     "C/C++ : {0} unités de traduction sur {1} reprises du cache"},
    {"notice.compile-errors",
     "{0} compile error(s): functions that did not parse were not analysed (check the "
     "compilation database flags); first: {1}",
     "{0} erreur(s) de compilation : les fonctions qui n’ont pas pu être analysées "
     "syntaxiquement n’ont pas été examinées (vérifier les options de la base de "
     "compilation); première : {1}"},
    {"notice.unknown-flags",
     "libclang does not know the compiler flag(s) {0} and ignored them (the unit was analysed "
     "without them)",
     "libclang ne connaît pas l’option ou les options de compilation {0} et les a ignorées "
     "(l’unité a été analysée sans elles)"},
    {"notice.include-unreadable", "cannot read included file {0}: {1}",
     "fichier inclus illisible {0} : {1}"},
    {"notice.include-irregular",
     "cannot read included file {0}: not a regular file (a FIFO, a device, a directory or a "
     "socket)",
     "fichier inclus illisible {0} : ce n’est pas un fichier ordinaire (tube nommé, "
     "périphérique, répertoire ou connecteur)"},
    {"notice.include-large", "cannot read included file {0}: larger than {1} bytes",
     "fichier inclus illisible {0} : plus de {1} octets"},
    {"notice.config-rule-skipped", "ruleset config_rules[{0}] skipped: {1}",
     "règle config_rules[{0}] du jeu de règles ignorée : {1}"},
    {"notice.conf-error", "{0}: {1}", "{0} : {1}"},
    {"notice.clang-too-deep",
     "C/C++: code nested more than {0} levels deep; what lies deeper was not analysed",
     "C/C++ : code imbriqué sur plus de {0} niveaux; ce qui est plus profond n’a pas été analysé"},
    {"notice.too-deep", "nested more than {0} levels deep; this file was not checked",
     "imbrication de plus de {0} niveaux; ce fichier n’a pas été vérifié"},
    {"notice.nginx-syntax", "nginx syntax: {0}; this configuration was not checked",
     "syntaxe nginx : {0}; cette configuration n’a pas été vérifiée"},
    {"notice.nginx-include", "include \"{0}\": no such file",
     "include « {0} » : fichier introuvable"},
    {"notice.apache-syntax", "Apache httpd syntax: {0}; this configuration was not checked",
     "syntaxe Apache httpd : {0}; cette configuration n’a pas été vérifiée"},
    {"notice.apache-include", "Include \"{0}\": no such file",
     "Include « {0} » : fichier introuvable"},
    {"notice.unknown-ciphers", "{0}: cipher names OpenSSL does not know: {1}",
     "{0} : noms de chiffrement inconnus d’OpenSSL : {1}"},
    {"notice.xpath", "ruleset config rule {0}: invalid XPath \"{1}\": {2}",
     "règle de configuration {0} du jeu de règles : XPath « {1} » invalide : {2}"},
    {"notice.xml-large", "XML file too large", "fichier XML trop volumineux"},
    {"notice.xml-bad", "XML not well-formed ({0}); the file was not checked",
     "XML mal formé ({0}); le fichier n’a pas été vérifié"},
    {"notice.json-bad", "JSON not well-formed ({0}); the file was not checked",
     "JSON mal formé ({0}); le fichier n’a pas été vérifié"},
    {"notice.html-large", "HTML file too large", "fichier HTML trop volumineux"},
    {"notice.html-bad", "not readable as HTML; the page was not checked",
     "illisible en HTML; la page n’a pas été vérifiée"},
    {"notice.github-limit",
     "more than 25,000 results in this run: GitHub code scanning keeps only the first "
     "25,000; split the scan with --shard",
     "plus de 25 000 résultats dans cette exécution : l’analyse de code de GitHub ne garde "
     "que les 25 000 premiers; diviser l’analyse avec --shard"},
    /* probes */
    {"notice.tls-incomplete", "{0}: the server misbehaved, so this list may be incomplete: {1}",
     "{0} : le serveur s’est mal comporté, cette liste peut donc être incomplète : {1}"},
    {"notice.tls-closed",
     "{0}: after {1} accepted suite(s) the server closed the connection instead of refusing "
     "with an alert, twice; if it limits connections, the list may be incomplete",
     "{0} : après {1} suite(s) acceptée(s), le serveur a fermé la connexion au lieu de "
     "refuser par une alerte, à deux reprises; s’il limite les connexions, la liste peut être "
     "incomplète"},
    {"notice.tls-accepted-server",
     "{0} accepted, {1} suite(s) (server's preference order): {2}",
     "{0} accepté, {1} suite(s) (ordre de préférence du serveur) : {2}"},
    {"notice.tls-accepted-client",
     "{0} accepted, {1} suite(s) (server follows the client's order): {2}",
     "{0} accepté, {1} suite(s) (le serveur suit l’ordre du client) : {2}"},
    {"notice.tls-accepted-one", "{0} accepted, {1} suite(s) (one suite): {2}",
     "{0} accepté, {1} suite(s) (une seule suite) : {2}"},
    {"notice.tls-accepted-more", "{0} accepted, suites {1}-{2}: {3}",
     "{0} accepté, suites {1} à {2} : {3}"},
    {"notice.tls-missed",
     "OpenSSL's handshake negotiated {0} {1}, which the enumeration did not find: the server "
     "wants something vigie's ClientHello lacks, and the accepted lists may be incomplete",
     "la négociation d’OpenSSL a retenu {0} {1}, que l’énumération n’a pas trouvé : le "
     "serveur attend quelque chose qui manque au ClientHello de vigie, et les listes "
     "acceptées peuvent être incomplètes"},
    {"notice.tls-certificate",
     "certificate {0}, issued by {1}, valid {2} to {3}, {4} {5}-bit key, {6}",
     "certificat {0}, délivré par {1}, valide du {2} au {3}, clé {4} de {5} bits, {6}"},
    {"notice.tls-handshakes", "{0} handshakes to enumerate {1} catalogued suites",
     "{0} négociations pour énumérer {1} suites cataloguées"},
    {"notice.tls-error", "tls {0}: {1}", "tls {0} : {1}"},
    {"notice.tls-target", "tls: target {0}: {1}", "tls : cible {0} : {1}"},
    {"notice.cookies-error", "cookies: {0}", "témoins : {0}"},
    {"notice.messages-error", "messages: {0}", "messages : {0}"},
    {"notice.phase-no-step", "phase {0} not checked: the scenario has no cookies.consent.{1} step",
     "phase {0} non vérifiée : le scénario n’a pas d’étape cookies.consent.{1}"},
    {"notice.phase-http-click",
     "phase {0} not checked in HTTP mode: cookies.consent.{1} has only \"click\"; give it a "
     "request (method, path, body) too",
     "phase {0} non vérifiée en mode HTTP : cookies.consent.{1} n’a que « click »; lui "
     "donner aussi une requête (method, path, body)"},
    {"notice.steps-http",
     "cookies.steps not done: typing into forms needs the browser (\"browser\": true)",
     "cookies.steps non effectuées : la saisie dans les formulaires exige le navigateur "
     "(« browser » : true)"},
    {"notice.bad-set-cookie", "ignored a Set-Cookie header that is not a cookie",
     "en-tête Set-Cookie ignoré : ce n’est pas un témoin"},
    {"notice.http-status", "{0} {1} answered HTTP {2} during phase {3}",
     "{0} {1} a répondu HTTP {2} pendant la phase {3}"},
    {"notice.set-cookie-unchecked",
     "Set-Cookie attributes not cross-checked over HTTP in phase {0}: {1}",
     "attributs Set-Cookie non contre-vérifiés par HTTP à la phase {0} : {1}"},
    {"notice.trigger-oom", "trigger {0} {1}: out of memory", "déclencheur {0} {1} : mémoire insuffisante"},
    {"notice.trigger-failed",
     "trigger {0} {1} failed: {2}; what it should have sent was not checked",
     "le déclencheur {0} {1} a échoué : {2}; ce qu’il aurait dû envoyer n’a pas été vérifié"},
    {"notice.trigger-status", "trigger {0} {1} answered HTTP {2}; it may have sent nothing",
     "le déclencheur {0} {1} a répondu HTTP {2}; il n’a peut-être rien envoyé"},
    {"notice.capture-unreadable", "captured message {0} could not be read back",
     "le message capturé {0} n’a pas pu être relu"},
    {"notice.sms-fields",
     "SMS request {0}: no recipient/text fields recognised; the whole body was checked as the "
     "text (set messages.sms_fields)",
     "requête de texto {0} : aucun champ destinataire ou texte reconnu; tout le corps a été "
     "vérifié comme texte (définir messages.sms_fields)"},
    {"notice.voice-unparsed",
     "voice call {0}: {1}; its whole payload was checked as the spoken text",
     "appel vocal {0} : {1}; toute sa charge utile a été vérifiée comme texte énoncé"},
    {"notice.voice-fetch",
     "voice call {0}: the document at {1} was not fetched ({2}); what it would say was not "
     "checked",
     "appel vocal {0} : le document à l’adresse {1} n’a pas été récupéré ({2}); ce qu’il "
     "aurait énoncé n’a pas été vérifié"},
    {"notice.voice-fetched", "voice call {0}: fetched the document at {1} and checked what it says",
     "appel vocal {0} : document récupéré à l’adresse {1}; son texte énoncé a été vérifié"},
    {"notice.logs-error", "logs: {0}", "journaux : {0}"},
    {"notice.log-request-failed", "{0} {1} failed: {2}; what it would have logged was not checked",
     "{0} {1} a échoué : {2}; ce qu’elle aurait fait consigner n’a pas été vérifié"},
    {"notice.log-rotated",
     "access log {0} was replaced or truncated during the probe: it was read from its start",
     "le journal d’accès {0} a été remplacé ou tronqué pendant la sonde : il a été lu depuis "
     "le début"},
    {"notice.log-bounded",
     "access log {0} grew by {1} bytes during the probe; only the first {2} were read "
     "(logs.max_bytes)",
     "le journal d’accès {0} a grossi de {1} octets pendant la sonde; seuls les {2} premiers "
     "ont été lus (logs.max_bytes)"},
    {"notice.log-relative",
     "access log {0} was larger than {1} bytes before the probe: its new lines are numbered "
     "from where the probe started, not from the start of the file",
     "le journal d’accès {0} dépassait {1} octets avant la sonde : ses nouvelles lignes sont "
     "numérotées à partir de l’endroit où la sonde a commencé, et non du début du fichier"},
    {"notice.log-long-lines",
     "access log {0}: {1} line(s) longer than {2} bytes were checked only on their first {2} "
     "bytes",
     "journal d’accès {0} : {1} ligne(s) de plus de {2} octets n’ont été vérifiées que sur "
     "leurs {2} premiers octets"},
    {"notice.log-empty",
     "access log {0} gained no line during the probe: nothing was checked (is it the log of "
     "{1}, and written without a buffer?)",
     "le journal d’accès {0} n’a gagné aucune ligne pendant la sonde : rien n’a été vérifié "
     "(est-ce bien le journal de {1}, et est-il écrit sans tampon?)"},
    {"notice.log-read", "read {0} line(s), {1} bytes, that {2} gained during the probe",
     "{0} ligne(s) lue(s), soit {1} octets, ajoutée(s) à {2} pendant la sonde"},
    {"notice.log-command-status", "logs.command exited with status {0}",
     "logs.command s’est terminée avec le code {0}"},
    {"notice.log-command-bounded",
     "logs.command printed more than {0} bytes; it was stopped and only those were read "
     "(logs.max_bytes)",
     "logs.command a affiché plus de {0} octets; elle a été arrêtée et seuls ceux-ci ont été "
     "lus (logs.max_bytes)"},
    {"notice.log-command-timeout",
     "logs.command was still running after {0} s; it was stopped and what it had printed was "
     "read",
     "logs.command s’exécutait encore après {0} s; elle a été arrêtée et ce qu’elle avait "
     "affiché a été lu"},
    {"notice.refused-size", "{0} message(s) were refused for size and not checked",
     "{0} message(s) refusé(s) pour leur taille et non vérifié(s)"},
    {"notice.sms-refused", "{0} SMS request(s) were refused (too large, not POST)",
     "{0} requête(s) de texto refusée(s) (trop volumineuse(s), ou pas POST)"},
    {"notice.nothing-arrived",
     "no email or SMS arrived within {0} ms: nothing was checked (is the service's SMTP relay "
     "set to {1} and its SMS gateway to {2}?)",
     "aucun courriel ni texto n’est arrivé en {0} ms : rien n’a été vérifié (le relais SMTP "
     "du service pointe-t-il vers {1} et sa passerelle de textos vers {2}?)"},
    {"notice.captured", "captured {0} email(s) and {1} SMS",
     "{0} courriel(s) et {1} texto(s) capturé(s)"},
    {"notice.captured-voice", "captured {0} email(s), {1} SMS and {2} voice call(s)",
     "{0} courriel(s), {1} texto(s) et {2} appel(s) vocal(aux) capturé(s)"},
    {"notice.message-too-large", "message larger than {0} bytes: not checked",
     "message de plus de {0} octets : non vérifié"},
    {"notice.mbox-too-large", "mbox message {0} is larger than {1} bytes: not checked",
     "le message {0} de la boîte mbox dépasse {1} octets : non vérifié"},
    {"notice.mbox-no-from",
     "does not start with an mbox \"From \" line; read as one message",
     "ne commence pas par une ligne mbox « From »; lu comme un seul message"},
    {"notice.part-not-text", "{0} part {1} ({2}) is not text and was not checked",
     "{0} : la partie {1} ({2}) n’est pas du texte et n’a pas été vérifiée"},
    {"notice.mime", "{0}: {1}", "{0} : {1}"},
    {"notice.part-match-failed", "{0} part {1}: pattern matching failed part-way",
     "{0}, partie {1} : la recherche de motifs a échoué en cours de route"},
    {"notice.unparsed",
     "libclang could not parse this translation unit (error {0}); it was not analysed",
     "libclang n’a pas pu analyser cette unité de traduction (erreur {0}); elle n’a pas été "
     "examinée"},
    {"notice.cookie-unknown",
     "cookie {0} is not in the cookie catalogue and not declared essential by the scenario: "
     "treated as non-essential",
     "le témoin {0} ne figure pas au catalogue des témoins et le scénario ne le déclare pas "
     "essentiel : il est traité comme non essentiel"},
    {"notice.cookie-declared",
     "cookie {0} is declared essential by the scenario but the catalogue lists it as {1} "
     "({2}): treated as {1}",
     "le scénario déclare le témoin {0} essentiel, mais le catalogue le classe « {1} » ({2}) : "
     "il est traité comme « {1} »"},

    /* ---- static analysis: compliant flows (kind "pass", for the inventory) */
    {"pass.sink",
     "{Cat} from {0} ({1}:{2}) reaches {3}() in {4}: the policy allows this category on "
     "this channel.",
     "{Cat} (source : {0}, {1}:{2}) parvient à {3}() dans {4} : la politique permet ce moyen "
     "de transmission pour cette catégorie."},
    {"pass.sanitized",
     "{Cat} from {0} ({1}:{2}) is masked, hashed or encrypted by {3}() in {4} before it goes "
     "any further.",
     "{3}() dans {4} masque, hache ou chiffre la valeur ({cat}, source : {0}, {1}:{2}) avant "
     "qu’elle aille plus loin."},

    /* ---- vigie link: extractions put together ------------------------ */
    {"notice.link-half-written",
     "{0}: a half-written extraction entry (the job writing it was killed or ran out of "
     "space); it was ignored, and its unit is missing unless another entry has it",
     "{0} : entrée d’extraction écrite à moitié (la tâche qui l’écrivait a été interrompue "
     "ou a manqué d’espace); elle a été ignorée, et son unité manque si aucune autre entrée "
     "ne la contient"},
    {"notice.link-bad-entry",
     "{0}: {1}; this entry was left out of the link, so its unit's results are missing: "
     "extract it again with this vigie and the same ruleset",
     "{0} : {1}; cette entrée a été laissée de côté, si bien que les résultats de son unité "
     "manquent : l’extraire de nouveau avec cette version de vigie et le même jeu de règles"},
    {"notice.link-mixed-split",
     "{0}: a split into {1} shards mixed with one into {2}: the same files may be linked "
     "twice or not at all",
     "{0} : un découpage en {1} parties mêlé à un découpage en {2} : les mêmes fichiers "
     "peuvent être liés deux fois, ou pas du tout"},
    {"notice.link-entry-missing",
     "{0}: shard {1} of {2} wrote the entry {3} ({4}) but it is not in {5}; that unit is "
     "missing from the link",
     "{0} : la partie {1} sur {2} a écrit l’entrée {3} ({4}), mais elle ne se trouve pas "
     "dans {5}; cette unité manque au résultat"},
    {"notice.link-shard-twice",
     "{0}: shard {1} of {2} given twice; each unit is linked once",
     "{0} : la partie {1} sur {2} est donnée deux fois; chaque unité n’est liée qu’une fois"},
    {"notice.link-shard-missing",
     "shard {0} of {1} is missing (no manifest for it in the directories given: its job "
     "failed, was killed, or its extraction was not downloaded); its files were not linked",
     "la partie {0} sur {1} manque (aucun manifeste pour elle dans les répertoires donnés : "
     "sa tâche a échoué ou a été interrompue, ou son extraction n’a pas été téléchargée); "
     "ses fichiers n’ont pas été liés"},
    {"notice.link-unlisted",
     "{0}: {1} entries that its manifest does not list (left by an earlier extraction into "
     "it) were not linked",
     "{0} : {1} entrées absentes de son manifeste (laissées par une extraction antérieure) "
     "n’ont pas été liées"},
    {"notice.link-twice",
     "{0} was extracted more than once ({1}, {2}): {1} is linked",
     "{0} a été extrait plus d’une fois ({1}, {2}) : {1} est retenu"},
    {"notice.link-nothing",
     "no usable extraction entry in the directories given: nothing was linked",
     "aucune entrée d’extraction utilisable dans les répertoires donnés : rien n’a été lié"},

    /* ---- labels: evidence fields and report words --------------------- */
    {"label.category", "category", "catégorie"},
    {"label.confidence", "confidence", "confiance"},
    {"label.sink", "destination", "destination"},
    {"label.cookie", "cookie", "témoin"},
    {"label.script", "script", "script"},
    {"label.page", "page", "page"},
    {"label.phase", "phase", "phase"},
    {"label.purpose", "purpose", "finalité"},
    {"label.vendor", "vendor", "fournisseur"},
    {"label.suite", "cipher suite", "suite de chiffrement"},
    {"label.iana", "IANA code", "code IANA"},
    {"label.bits", "strength (bits)", "force (bits)"},
    {"label.part", "message part", "partie du message"},
    {"label.parts", "message parts", "parties du message"},
    {"label.recipients", "recipients", "destinataires"},
    {"label.mailbox", "mailbox", "boîte aux lettres"},
    {"label.phrase", "phrase", "formulation"},
    {"label.testIdentity", "test identity", "identité de test"},
    {"label.yes", "yes", "oui"},
    {"label.what-complies", "What complies", "Ce qui est conforme"},
    {"label.no", "no", "non"},
    {"label.not-checked", "Not checked", "Non vérifiée"},
    {"label.clauses-not-checked", "clauses no check looked at",
     "clauses qu’aucune vérification n’a examinées"},
    {"label.checks-ran", "Checks that ran", "Vérifications effectuées"},
    {"label.checks-static-only", "static analysis only", "analyse statique seulement"},
    {"label.checks-runtime-only", "run time only (probes of the running service)",
     "à l’exécution seulement (sondes du service en marche)"},
    {"label.checks-both", "static analysis and run time",
     "analyse statique et à l’exécution"},
    {"label.checks-none",
     "none: no check looked at this clause, so the absence of findings says nothing about "
     "compliance",
     "aucune : aucune vérification n’a porté sur cette clause; l’absence de constatation ne "
     "dit donc rien de sa conformité"},
    {"label.checks-static", "static analysis", "analyse statique"},
    {"label.checks-runtime", "run time", "à l’exécution"},
    {"label.compliant", "compliant flow", "flux conforme"},
    {"label.sanitizer", "sanitizer", "fonction de nettoyage"},

    /* ---- the inventory of personal information (vigie report inventory) */
    {"inv.title", "Inventory of personal information", "Inventaire des renseignements personnels"},
    {"inv.intro",
     "For each category of personal information: where the service collects it, where it "
     "goes, and whether each destination complies with the policy. Values are masked.",
     "Pour chaque catégorie de renseignements personnels : où le service les recueille, où "
     "ils sont transmis, et si chaque destination respecte la politique. Les valeurs sont "
     "masquées."},
    {"inv.intro-unmasked",
     "For each category of personal information: where the service collects it, where it "
     "goes, and whether each destination complies with the policy. Values are shown as the "
     "log holds them (--show-personal-data).",
     "Pour chaque catégorie de renseignements personnels : où le service les recueille, où "
     "ils sont transmis, et si chaque destination respecte la politique. Les valeurs "
     "figurent telles que le journal SARIF les contient (--show-personal-data)."},
    {"inv.summary", "Categories found", "Catégories trouvées"},
    {"inv.collected", "Where it is collected", "Où ils sont recueillis"},
    {"inv.goes", "Where it goes", "Où ils sont transmis"},
    {"inv.none-collected", "No place of collection found in what was checked.",
     "Aucun lieu de collecte trouvé dans ce qui a été vérifié."},
    {"inv.none-goes", "No destination found in what was checked.",
     "Aucune destination trouvée dans ce qui a été vérifié."},
    {"inv.absent", "Not found in what was checked", "Absente de ce qui a été vérifié"},
    {"inv.col.category", "Category", "Catégorie"},
    {"inv.col.direction", "Direction", "Sens"},
    {"inv.col.kind", "Kind", "Nature"},
    {"inv.col.destination", "Destination", "Destination"},
    {"inv.col.status", "Status", "État"},
    {"inv.col.rule", "Rule", "Règle"},
    {"inv.col.clause", "Clause", "Clause"},
    {"inv.col.where", "Where", "Où"},
    {"inv.col.what", "What was found", "Constat"},
    {"inv.dir.collected", "collected", "recueilli"},
    {"inv.dir.goes", "goes to", "transmis à"},
    {"inv.status.compliant", "Compliant", "Conforme"},
    {"inv.status.not-compliant", "Not compliant", "Non conforme"},
    {"inv.status.to-review", "To review", "À examiner"},
    {"inv.status.suppressed", "Suppressed after review", "Écartée après examen"},
    {"inv.how.code", "source in the code", "source dans le code"},
    {"inv.how.form", "form of an HTML template", "formulaire d’un gabarit HTML"},
    {"inv.how.scenario", "page of a probe scenario", "page d’un scénario de sonde"},
    {"inv.group.nam", "Health insurance number (NAM)", "Numéro d’assurance maladie (NAM)"},
    {"inv.group.sin", "Social insurance number (SIN)", "Numéro d’assurance sociale (NAS)"},
    {"inv.group.dob", "Date of birth", "Date de naissance"},
    {"inv.group.credentials", "Credentials (usernames, passwords, secrets)",
     "Identifiants de connexion (noms d’utilisateur, mots de passe, secrets)"},
    {"inv.group.health", "Health data", "Renseignements de santé"},
    {"inv.group.contact", "Contact data (email address, telephone, postal code)",
     "Coordonnées (adresse courriel, téléphone, code postal)"},
    {"inv.group.name", "Names", "Noms"},
    {"inv.dest.log", "logs", "journaux"},
    {"inv.dest.email", "email", "courriel"},
    {"inv.dest.sms", "SMS", "texto"},
    {"inv.dest.voice", "voice message", "message vocal"},
    {"inv.dest.cookie", "cookies", "témoins"},
    {"inv.dest.url", "URLs", "adresses URL"},
    {"inv.dest.http", "third-party hosts", "hôtes tiers"},
    {"inv.dest.socket", "network, in clear text", "réseau, en clair"},
    {"inv.dest.file", "files (code, configuration, data)",
     "fichiers (code, configuration, données)"},
    {"inv.dest.sanitizer", "masked, hashed or encrypted first",
     "masqués, hachés ou chiffrés d’abord"},
    {"inv.dest.other", "other destination", "autre destination"},
    {"inv.cookie.essential", "essential cookies", "témoins essentiels"},
    {"inv.cookie.performance", "performance cookies", "témoins de performance"},
    {"inv.cookie.service-improvement", "service improvement cookies",
     "témoins d’amélioration de nos services"},
    {"inv.cookie.marketing", "marketing cookies", "témoins de marketing"},
    {"inv.cookie.unknown", "cookies not in the catalogue", "témoins absents du catalogue"},
    {"inv.link", "Inventory of personal information: where each category is collected and "
     "where it goes", "Inventaire des renseignements personnels : où chaque catégorie est "
     "recueillie et où elle est transmise"},
};

const vg_msg_def *vg_msg_catalogue(size_t *n)
{
    *n = sizeof catalogue / sizeof catalogue[0];
    return catalogue;
}
