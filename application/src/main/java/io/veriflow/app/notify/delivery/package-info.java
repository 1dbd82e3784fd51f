/** When a failed webhook delivery is tried again, when it is given up, and when a failing endpoint is disabled. */
package io.veriflow.app.notify.delivery;
