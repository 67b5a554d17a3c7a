package io.annotrail.command.schema;

import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.resource.ClasspathSchemaLoader;
import com.networknt.schema.resource.InputStreamSource;
import com.networknt.schema.resource.SchemaLoader;

/**
 * Loads only what the validator ships on its classpath (the draft meta-schemas, mapped to {@code classpath:}
 * by the library). Every other load is refused with an exception, so the library never falls back to its
 * default loaders, which would fetch remote URLs (SSRF, slow or hostile servers).
 */
final class LocalOnlySchemaLoader implements SchemaLoader {

    private final ClasspathSchemaLoader classpath = new ClasspathSchemaLoader(() -> SchemaValidation.class.getClassLoader());

    @Override
    public InputStreamSource getSchema(AbsoluteIri absoluteIri) {
        String iri = absoluteIri == null ? "" : absoluteIri.toString();
        if (iri.startsWith("classpath:")) {
            InputStreamSource source = classpath.getSchema(absoluteIri);
            if (source != null) {
                return source;
            }
        }
        throw new RemoteSchemaRefusedException(iri);
    }

    static final class RemoteSchemaRefusedException extends RuntimeException {
        RemoteSchemaRefusedException(String iri) {
            super("loading schema " + iri + " is not allowed: only local references (#...) are resolved", null, false, false);
        }
    }
}
