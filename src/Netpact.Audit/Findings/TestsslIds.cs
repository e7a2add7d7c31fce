using System.Collections.Immutable;

namespace Netpact.Audit.Findings;

/// <summary>Whether netpact answers a testssl.sh id: fully, in part (see the note), or not at all.</summary>
public enum Coverage { Checked, Partly, NotChecked }

/// <summary>One testssl.sh 3.2.3 JSON id, the netpact id that answers it (null: none), and how far.</summary>
public sealed record TestsslIdMapping(string TestsslId, string? NetpactId, Coverage Coverage, string Note);

/// <summary>
/// Every JSON id testssl.sh 3.2.3 writes (its fileout calls; &lt;proto&gt;, &lt;n&gt; and &lt;client&gt; stand for
/// the parts it fills in), and netpact's answer. docs/audit.md prints this table and a test holds the two
/// equal, and checks that every id an audit emits is in it (or is one of netpact's own).
/// </summary>
public static class TestsslIds
{
    private static TestsslIdMapping Yes(string id, string? netpact = null, string note = "") => new(id, netpact ?? id, Coverage.Checked, note);

    private static TestsslIdMapping Partly(string id, string? netpact, string note) => new(id, netpact, Coverage.Partly, note);

    private static TestsslIdMapping No(string id, string note = "") => new(id, null, Coverage.NotChecked, note);

    public static readonly ImmutableArray<TestsslIdMapping> All =
    [
        // Protocols, ALPN
        Yes("SSLv2", note: "an SSLv2 CLIENT-HELLO; CRITICAL with the ciphers the SERVER-HELLO lists"),
        Yes("SSLv3", note: "HIGH when offered"),
        Yes("TLS1", note: "LOW when offered"),
        Yes("TLS1_1", note: "LOW when offered"),
        Yes("TLS1_2"),
        Yes("TLS1_3"),
        Yes("NPN", note: "a hello at the best version below TLS 1.3 with the empty NPN extension; the protocols the ServerHello advertises"),
        Yes("ALPN", note: "each of testssl.sh's protocols offered alone in a complete handshake (BouncyCastle), TLS 1.0 to 1.3"),
        Yes("ALPN_HTTP2", note: "written when h2 is agreed"),
        // Cipher categories and lists
        Yes("cipherlist_NULL"),
        Yes("cipherlist_aNULL"),
        Yes("cipherlist_EXPORT"),
        Yes("cipherlist_LOW"),
        Yes("cipherlist_3DES_IDEA"),
        Yes("cipherlist_OBSOLETED"),
        Yes("cipherlist_STRONG_NOFS"),
        Yes("cipherlist_STRONG_FS"),
        Yes("supportedciphers_<proto>", note: "SSLv3, TLSv1, TLSv1_1, TLSv1_2, TLSv1_3"),
        No("cipher_<hexcode>", "every suite is in the JSON output's protocols instead"),
        Yes("cipher_order", note: "testssl.sh's summary of the per-version answers"),
        Yes("cipher_order-<proto>", note: "the accepted suites offered in two opposite orders; without a server order, testssl.sh's rating by the best and worst suite"),
        No("cipherorder_<proto>"),
        No("prioritize_chacha_<proto>"),
        No("pre_128cipher"),
        Yes("RC4"),
        // Forward secrecy, groups, signature algorithms
        Yes("FS"),
        Partly("FS_ciphers", "cipherlist_STRONG_FS", "the AEAD suites with forward secrecy only"),
        Yes("FS_ECDHE_curves", note: "every curve accepted (TLS 1.2 as testssl.sh asks, TLS 1.3 one group per hello); rated by the shortest"),
        No("FS_KEMs"),
        Yes("FS_TLS12_sig_algs", note: "offer the algorithms not yet seen, read which signs the ServerKeyExchange, repeat; LOW with SHA-1, HIGH with MD5, CRITICAL with nothing else"),
        Yes("FS_TLS13_sig_algs", note: "one TLS 1.3 handshake (BouncyCastle, which reads the encrypted CertificateVerify) per scheme offered alone; in testssl.sh's order; LOW with SHA-1, HIGH with MD5, CRITICAL with nothing else"),
        Partly("DH_groups", "DH_groups", "the RFC 7919 groups by name (OK); otherwise the prime's size (MEDIUM below 2048 bits), not testssl.sh's list of common primes"),
        // Server defaults
        No("TLS_extensions"),
        Partly("TLS_session_ticket", "TLS_session_ticket", "the lifetime hint of the ticket a complete TLS 1.2 handshake (BouncyCastle) gets; LOW above a day; TLS 1.3-only servers: not tested"),
        Partly("SSL_sessionID_support", "SSL_sessionID_support", "a session ID in a TLS 1.2 ServerHello; testssl.sh also counts the TLS 1.3 echo of the client's, so says yes for openssl s_server -no_cache"),
        Partly("sessionresumption_ticket", "sessionresumption_ticket", "a hello resuming at TLS 1.2 with that ticket: supported when the server echoes the session ID and sends no certificate; TLS 1.3-only servers: not tested"),
        Partly("sessionresumption_ID", "sessionresumption_ID", "by session ID at TLS 1.2 (a second BouncyCastle handshake, no ticket); testssl.sh resumes with the version the server picks, so nginx without a session cache but with TLS 1.3 is supported there, not here"),
        No("TLS_timestamp"),
        No("certificate_compression"),
        No("cert_compression"),
        No("clientAuth"),
        No("clientAuth_CA_list"),
        No("GREASE"),
        No("optimal_proto"),
        // Certificate
        No("cert", "the PEM of the certificate"),
        No("cert_numbers", "one certificate per server is read"),
        Yes("certs_countServer", note: "chains of any size are read"),
        No("certs_list_ordering_problem"),
        Yes("cert_signatureAlgorithm", note: "MEDIUM for SHA-1, CRITICAL for MD5"),
        Yes("cert_keySize"),
        Yes("cert_keyUsage", note: "HIGH when the key usage forbids what the offered suites make the key do"),
        Yes("cert_extKeyUsage", note: "HIGH without TLS Web Server Authentication"),
        Yes("cert_serialNumber"),
        Yes("cert_serialNumberLen", note: "LOW above 20 bytes or below 8 (testssl.sh checks the minimum for HTTP only)"),
        Yes("cert_fingerprintSHA1"),
        Yes("cert_fingerprintSHA256"),
        Yes("cert_commonName"),
        No("cert_commonName_wo_SNI"),
        Yes("cert_subjectAltName"),
        Yes("cert_trust", note: "the host name check"),
        No("cert_trust_wildcard"),
        Yes("cert_chain_of_trust", note: "judged on what the server sends: no AIA downloads, no revocation fetches; 'failed (chain incomplete: ...)'"),
        No("cert_certificatePolicies_EV"),
        No("cert_eTLS"),
        Yes("cert_expirationStatus", note: "HIGH under 30 days, MEDIUM under 60, CRITICAL when expired"),
        Yes("cert_notBefore"),
        Yes("cert_notAfter", note: "the severity of cert_expirationStatus, as testssl.sh 3.2.3 gives"),
        Yes("cert_extlifeSpan", note: "MEDIUM above 398 days or 5 years, HIGH from 10 years"),
        Yes("cert_crlDistributionPoints", note: "reported, never fetched"),
        Yes("cert_ocspURL", note: "reported, never fetched"),
        Partly("cert_caIssuers", "cert_chain_incomplete", "the caIssuers URL is named when the chain is incomplete, never fetched"),
        Yes("cert_revocation", note: "HIGH when neither a CRL nor an OCSP URL is given"),
        Yes("OCSP_stapling"),
        Yes("cert_mustStapleExtension", note: "HIGH when the certificate asks for stapling and none is stapled"),
        Partly("certificate_transparency", "certificate_transparency", "SCTs embedded in the certificate; not the TLS or OCSP extension"),
        Yes("DNS_CAArecord", note: "only with --dns RESOLVER (a DNS query is a contact): CAA over UDP to that resolver alone, from the name up to the closest parent with records; LOW '--' when none, INFO 'check skipped' without --dns"),
        No("intermediate_cert"),
        No("intermediate_cert_fingerprintSHA256"),
        No("intermediate_cert_notBefore"),
        No("intermediate_cert_notAfter"),
        No("intermediate_cert_expiration"),
        No("intermediate_cert_chain"),
        No("intermediate_cert_badOCSP"),
        Yes("host_certificate_Problem", note: "HIGH: no certificate could be read"),
        No("pwnedkeys"),
        // HTTP
        Partly("HTTP_status_code", "observatory_score", "the status decides whether the Observatory grades the site"),
        Yes("HTTP_clock_skew", note: "the HTTPS response's Date plus Age against the audit's clock"),
        Yes("HTTP_headerTime"),
        Yes("HTTP_headerAge", note: "LOW when not a non-negative integer"),
        Yes("HSTS", note: "LOW when not offered"),
        Yes("HSTS_time", note: "MEDIUM below 15552000 s, LOW for 0"),
        Yes("HSTS_subdomains"),
        Yes("HSTS_preload", note: "the directive, not the browsers' preload list"),
        No("HSTS_multiple"),
        No("HPKP"),
        No("HPKP_<spki>"),
        No("HPKP_SPKIs"),
        No("HPKP_SPKImatch"),
        No("HPKP_age"),
        No("HPKP_backup"),
        No("HPKP_error"),
        No("HPKP_notice"),
        No("HPKP_preload"),
        No("HPKP_subdomains"),
        No("banner_server"),
        No("banner_application"),
        No("banner_reverseproxy"),
        No("cookie_count"),
        Yes("cookie_secure", note: "INFO when some cookies lack the flag"),
        Yes("cookie_httponly", note: "INFO when some cookies lack the flag"),
        No("cookie_bigip_f5"),
        Partly("security_headers", "observatory_score", "the Observatory's ten tests grade the headers"),
        Partly("<header>", null, "X-Frame-Options, X-Content-Type-Options, Content-Security-Policy, Referrer-Policy, Cross-Origin-Resource-Policy: the Observatory tests x-frame-options, x-content-type-options, content-security-policy, referrer-policy, cross-origin-resource-policy"),
        Partly("insecure_redirect", "redirection", "the Observatory's redirection test; redirects to hosts nobody named: redirect_not_followed"),
        No("ipv4_in_header"),
        No("http_get"),
        // Vulnerabilities
        Yes("heartbleed", note: "a hello with the heartbeat extension, then a heartbeat request claiming 16 KiB before the handshake ends"),
        Yes("CCS", note: "after the server's flight two ChangeCipherSpec before any key exchange; CRITICAL when the second gets decryption_failed"),
        Yes("ticketbleed", note: "three hellos resuming with a ticket and a 6-byte session ID; CRITICAL when 32-byte session IDs with differing tails come back; every TLS service, not HTTP only"),
        Yes("ROBOT", note: "five ClientKeyExchanges with the premaster secret padded right and wrong (raw RSA), with and without CCS and Finished; CRITICAL or MEDIUM when the answers differ"),
        Yes("secure_renego", note: "renegotiation_info in the ServerHello"),
        Partly("secure_client_renego", "secure_client_renego", "one renegotiation started by netpact's own TLS 1.2 client (ECDHE P-256, AES-128-GCM); MEDIUM when the server answers with a ServerHello, whatever the service (testssl.sh: HIGH for HTTP after 10 attempts)"),
        Yes("CRIME_TLS", note: "a hello offering DEFLATE; HIGH when the server takes it"),
        Yes("BREACH", note: "the HTTPS page asked for with gzip, deflate, compress and br, then each alone; MEDIUM when it comes compressed (with --http only)"),
        Yes("POODLE_SSL", note: "CBC suites with SSLv3"),
        No("POODLE_TLS", "testssl.sh 3.2.3 does not test it either: its run_tls_poodle only says 'Not yet implemented'"),
        Yes("fallback_SCSV", note: "a hello at the next lower version with TLS_FALLBACK_SCSV must get inappropriate_fallback"),
        Yes("SWEET32", note: "64-bit block suites among those accepted"),
        Yes("FREAK", note: "EXPORT RSA suites among those accepted"),
        Yes("DROWN", note: "SSLv2 on this host and port only (no search for the certificate elsewhere)"),
        No("DROWN_hint"),
        Partly("LOGJAM", "LOGJAM", "DH EXPORT suites; not the DH prime's size nor testssl.sh's list of common primes"),
        No("LOGJAM-common_primes"),
        Yes("BEAST", note: "CBC suites with SSLv3 or TLS 1.0"),
        No("BEAST_CBC_<proto>"),
        Yes("LUCKY13", note: "CBC suites with TLS"),
        Partly("winshock", "winshock", "testssl.sh's heuristic on the suites, curves and the Server banner of the site audited with --http on the same port; not its TLS extension step"),
        No("starttls_injection"),
        // Client simulation
        Partly("clientsimulation-<client>", "clientsimulation-<client>", "ten reference clients of netpact's own table (Tls/ReferenceClients.cs), not testssl.sh's captured hellos: the version and suite each negotiates, or No connection; SSL Labs' forward-secrecy and 3DES caps are applied to these"),
        // Rating (netpact follows SSL Labs' guide; testssl.sh's own rating differs in places)
        Partly("overall_grade", "overall_grade", "SSL Labs' grade, caps and T/M, with the reasons"),
        Partly("final_score", "overall_grade", "the score is in overall_grade's text"),
        No("protocol_support_score"),
        No("protocol_support_score_weighted"),
        No("key_exchange_score"),
        No("key_exchange_score_weighted"),
        No("cipher_strength_score"),
        No("cipher_strength_score_weighted"),
        Partly("grade_cap_reason_<n>", "overall_grade", "the caps are in overall_grade's text"),
        No("grade_cap_warning_<n>"),
        No("rating_spec"),
        No("rating_doc"),
        // The scan itself
        No("service"),
        Yes("scanProblem"),
        No("scanTime", "durationSeconds in the JSON output"),
        No("engine_problem", "about testssl.sh's own OpenSSL"),
    ];

    /// <summary>Ids netpact writes that testssl.sh has not (the Observatory's tests have their own names).</summary>
    public static readonly ImmutableArray<string> NetpactOnly =
    [
        "cert_chain_incomplete", "redirect_not_followed", "http_failure", "https_failure",
        "mozilla_profile_modern", "mozilla_profile_intermediate", "mozilla_profile_old",
        "content-security-policy", "cookies", "cross-origin-resource-sharing", "redirection", "referrer-policy", "strict-transport-security",
        "subresource-integrity", "x-content-type-options", "x-frame-options", "cross-origin-resource-policy", "observatory_score",
        "intent_https_only", "port_scan", "port_<n>",
    ];
}
