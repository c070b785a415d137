package dev.capstan.etcd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS to etcd through javax.net.ssl, from the PEM files etcd's own tools use: the CA that signed
 * etcd's certificate ({@code ca_file}; else the JDK's trusted CAs) and a client certificate with
 * its key ({@code cert_file}, {@code key_file}) for etcd's {@code --client-cert-auth}. The key is
 * PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA or EC) or PKCS#1 ({@code BEGIN RSA PRIVATE KEY}).
 * The HTTP client checks that etcd's certificate names the endpoint's host.
 */
final class TlsSockets {

    private TlsSockets() {
    }

    /** @throws IOException naming the file that does not read */
    static SSLSocketFactory of(Path caFile, Path certFile, Path keyFile) throws IOException {
        try {
            TrustManagerFactory trust = null;
            if (caFile != null) {
                KeyStore cas = KeyStore.getInstance("PKCS12");
                cas.load(null, null);
                int i = 0;
                for (Certificate c : certificates(caFile)) {
                    cas.setCertificateEntry("ca" + i++, c);
                }
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(cas);
            }
            KeyManagerFactory keys = null;
            if (certFile != null) {
                KeyStore client = KeyStore.getInstance("PKCS12");
                client.load(null, null);
                char[] none = new char[0];
                client.setKeyEntry("client", privateKey(keyFile), none, certificates(certFile).toArray(new Certificate[0]));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(client, none);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS: " + e.getMessage(), e);
        }
    }

    private static List<Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> read;
        try (InputStream in = Files.newInputStream(file)) {
            read = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (read.isEmpty()) {
            throw new IOException(file + ": no PEM certificate");
        }
        return new ArrayList<>(read);
    }

    private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        byte[] pkcs8;
        if (pem.contains("-----BEGIN PRIVATE KEY-----")) {
            pkcs8 = der(pem, "PRIVATE KEY", file);
        } else if (pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            pkcs8 = pkcs8OfRsa(der(pem, "RSA PRIVATE KEY", file));
        } else {
            throw new IOException(file + ": expected an unencrypted PEM key, BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY"
                    + " (openssl pkcs8 -topk8 -nocrypt converts others)");
        }
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException notThisOne) {
                // the next algorithm
            }
        }
        throw new IOException(file + ": neither an RSA nor an EC key");
    }

    private static byte[] der(String pem, String label, Path file) throws IOException {
        String begin = "-----BEGIN " + label + "-----";
        int from = pem.indexOf(begin) + begin.length();
        int to = pem.indexOf("-----END " + label + "-----", from);
        if (to < 0) {
            throw new IOException(file + ": no END " + label);
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(from, to));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": not base64: " + e.getMessage());
        }
    }

    /** PKCS#1 RSAPrivateKey inside PKCS#8's PrivateKeyInfo: version 0, rsaEncryption, the key as an octet string. */
    private static byte[] pkcs8OfRsa(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01,
            0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] key = tlv(0x04, pkcs1);
        byte[] body = new byte[version.length + algorithm.length + key.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
        System.arraycopy(key, 0, body, version.length + algorithm.length, key.length);
        return tlv(0x30, body);
    }

    /** A DER tag, its length (short or long form) and the content. */
    private static byte[] tlv(int tag, byte[] content) {
        int n = content.length;
        byte[] length = n < 0x80 ? new byte[] {(byte) n}
                : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : n < 0x10000 ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n}
                : new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        byte[] out = new byte[1 + length.length + n];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(content, 0, out, 1 + length.length, n);
        return out;
    }
}
