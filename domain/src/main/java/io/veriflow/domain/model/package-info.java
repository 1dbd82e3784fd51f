/** Value objects and identifiers shared by the whole domain: ids, steps, process states and decisions. */
package io.veriflow.domain.model;
