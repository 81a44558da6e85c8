package io.clientsync.support;

import java.util.function.Supplier;

/** A value made the first time it is asked for, then kept; safe to ask from several threads (made once). */
public final class Lazy<T> implements Supplier<T> {
    private Supplier<T> maker;
    private volatile T value;

    private Lazy(Supplier<T> maker) {
        this.maker = maker;
    }

    public static <T> Lazy<T> of(Supplier<T> maker) {
        return new Lazy<>(maker);
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = maker.get();
                    value = v;
                    maker = null; // what it was made from may be let go
                }
            }
        }
        return v;
    }
}
