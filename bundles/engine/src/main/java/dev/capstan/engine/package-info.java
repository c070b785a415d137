/**
 * The supervision engine: one thread that owns every service's state machine, the processes it
 * spawns through the kernel, the dependency gate and the ordered shutdown.
 */
package dev.capstan.engine;
