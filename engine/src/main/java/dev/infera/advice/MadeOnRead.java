package dev.infera.advice;

import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.IntFunction;

/**
 * A list whose elements are made when first read, then kept. An advice's rows are read in full by
 * a report, but a sweep reads its top three of a thousand: the rest are never made.
 */
final class MadeOnRead<T> extends AbstractList<T> implements RandomAccess {
    private final Object[] made;
    private final IntFunction<T> maker;

    MadeOnRead(int size, IntFunction<T> maker) {
        this.made = new Object[size];
        this.maker = maker;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized T get(int index) {
        Objects.checkIndex(index, made.length);
        if (made[index] == null) {
            made[index] = maker.apply(index);
        }
        return (T) made[index];
    }

    @Override
    public int size() {
        return made.length;
    }
}
