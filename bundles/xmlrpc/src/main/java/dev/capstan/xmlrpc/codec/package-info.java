/**
 * The XML-RPC codec: a small XML parser for request bodies (no DOCTYPE, bounded depth), a reader
 * of {@code methodCall} documents that accepts what supervisord 4.2.5's unmarshaller accepts, and
 * a writer of responses and faults in the bytes supervisord sends, minus the characters XML 1.0
 * forbids. Hand-written: the JDK's StAX costs some 4 MiB and 80 classes on first use, this a
 * few classes.
 */
package dev.capstan.xmlrpc.codec;
