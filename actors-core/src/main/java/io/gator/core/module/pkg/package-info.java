/** The pkg module's parameter and result records and its printer. */
package io.gator.core.module.pkg;
