/** The thin JSON body of one outbound notification: ids, states, decisions and reasons, never personal data. */
package io.veriflow.app.notify.payload;
