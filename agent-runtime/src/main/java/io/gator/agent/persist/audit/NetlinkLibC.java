package io.gator.agent.persist.audit;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/** The C library's socket calls the netlink connection needs ({@code size_t}/{@code ssize_t} as C long). */
interface NetlinkLibC extends Library {
    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, byte[] address, int length) throws LastErrorException;

    int getsockname(int fd, byte[] address, int[] length) throws LastErrorException;

    int setsockopt(int fd, int level, int name, byte[] value, int length) throws LastErrorException;

    NativeLong sendto(int fd, byte[] buffer, NativeLong length, int flags, byte[] address, int addressLength)
            throws LastErrorException;

    NativeLong recvfrom(int fd, byte[] buffer, NativeLong length, int flags, Pointer address, Pointer addressLength)
            throws LastErrorException;

    int close(int fd) throws LastErrorException;

    static NetlinkLibC load() {
        return Native.load("c", NetlinkLibC.class);
    }
}
