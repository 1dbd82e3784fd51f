/** What providers tell us, with its authority: client hints, webhook notifications and authoritative snapshots. */
package io.veriflow.domain.signal;
