/** Start and stop order: priorities, {@code depends_on} conditions, stop waves. */
package dev.capstan.engine.order;
