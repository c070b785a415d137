/** The engine as a Declarative Services component: Supervisor and ContainerListener services. */
package dev.capstan.engine.component;
