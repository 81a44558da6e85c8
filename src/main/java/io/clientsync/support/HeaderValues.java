package io.clientsync.support;

/** Header values go out as they are: refuse CR and LF so that no value can split a request. */
public final class HeaderValues {
    private HeaderValues() {
    }

    public static String checked(String name, String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("header " + name + " would contain CR or LF: refused");
        }
        return value;
    }
}
