/**
 * Standing orders at the API: a series of actions signed ahead by an investigator, checked whole (every action
 * as a single create is, windows in order, length bounded) and handed to the backend as one order.
 */
package io.gator.api.schedule;
