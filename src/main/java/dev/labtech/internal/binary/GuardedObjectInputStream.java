package dev.labtech.internal.binary;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;

/**
 * Java deserialization under a {@link DeserializationAllowList}: a class is looked at by name
 * before it is loaded, each object is checked as it is completed (before a set or map reading it
 * hashes it), and classes resolve through the fixture's class loader, which sees the test class
 * path. For {@code JavaSerializationCache} and the Java-serialized parts of {@code BinaryCache}.
 */
public final class GuardedObjectInputStream extends ObjectInputStream {

    private final ClassLoader loader;
    private final DeserializationAllowList allowList;

    /**
     * @param loader    where classes resolve; {@code null}: this class's own loader
     * @param allowList what may be read; {@code null}: anything (a read-back of what was just written)
     */
    public GuardedObjectInputStream(InputStream in, ClassLoader loader, DeserializationAllowList allowList)
            throws IOException {
        super(in);
        this.loader = loader != null ? loader : GuardedObjectInputStream.class.getClassLoader();
        this.allowList = allowList;
        if (allowList != null) {
            setObjectInputFilter(allowList);
            enableResolveObject(true);
        }
    }

    @Override
    protected Object resolveObject(Object object) throws IOException {
        allowList.completed(object);
        return object;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass description) throws IOException, ClassNotFoundException {
        if (allowList != null && !allowList.mayLoad(description.getName(), loader)) {
            throw allowList.refuseUnloaded(description.getName());
        }
        try {
            return Class.forName(description.getName(), false, loader);
        } catch (ClassNotFoundException e) {
            return super.resolveClass(description); // primitives, and the default resolution
        }
    }
}
