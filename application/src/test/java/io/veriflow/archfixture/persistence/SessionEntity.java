package io.veriflow.archfixture.persistence;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/** Breaks "mapped entities are package-private rows". */
@MappedEntity
public record SessionEntity(@Id String id) {
}
