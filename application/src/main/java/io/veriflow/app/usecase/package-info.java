/** Use-case implementations of the domain's inbound ports: plain classes, wired by {@code UseCaseFactory}. */
package io.veriflow.app.usecase;
