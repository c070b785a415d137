/**
 * Test doubles and fixtures shared by the modules' tests, so that each exists once. This jar is
 * a test-scope dependency only and is never shipped.
 */
package dev.capstan.testing;
