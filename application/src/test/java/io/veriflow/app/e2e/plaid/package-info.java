/** End-to-end stories of the Plaid slice: the whole service against a local fake of Plaid's API, over real HTTP. */
package io.veriflow.app.e2e.plaid;
