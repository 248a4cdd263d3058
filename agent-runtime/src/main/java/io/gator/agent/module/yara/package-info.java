/** MIG's yara module on libyara: the file module's search selects the files, libyara scans them. */
package io.gator.agent.module.yara;
