/** What a provider can do, declared by its adapter, and what its flows hand to the front end. */
package io.veriflow.domain.provider;
