package org.wasmcloud4j.wit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wasmcloud4j.component.types.Labels;
import org.wasmcloud4j.component.types.PackageName;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.SemVer;
import org.wasmcloud4j.wit.WitAst.*;
import org.wasmcloud4j.wit.WitLexer.Kind;
import org.wasmcloud4j.wit.WitLexer.Token;

/** Parses the text of one WIT file into its syntax tree. Recursion is bounded by {@link #MAX_NESTING}. */
final class WitParser {
    static final int MAX_NESTING = 100;

    private final WitLexer lexer;
    private Token peeked;
    private int nesting;

    private WitParser(String source, String text) {
        this.lexer = new WitLexer(source, text);
    }

    static File parse(String source, String text) {
        return new WitParser(source, text).file();
    }

    // ------------------------------------------------------------------ tokens

    private Token peek() {
        if (peeked == null) {
            peeked = lexer.next();
        }
        return peeked;
    }

    private Token take() {
        Token t = peek();
        peeked = null;
        return t;
    }

    private boolean at(String s) {
        Token t = peek();
        return t.kind() != Kind.EXPLICIT_ID && t.is(s);
    }

    private boolean eat(String s) {
        if (at(s)) {
            take();
            return true;
        }
        return false;
    }

    private Token expect(String s) {
        if (!at(s)) {
            throw peek().pos().error("expected '" + s + "', found " + peek().describe());
        }
        return take();
    }

    private String id() {
        return idToken().text();
    }

    private Token idToken() {
        Token t = peek();
        if (t.kind() == Kind.EXPLICIT_ID || (t.kind() == Kind.ID && !WitLexer.KEYWORDS.contains(t.text()))) {
            take();
            if (!Labels.isLabel(t.text())) {
                throw t.pos().error("'" + t.text() + "' is not a valid identifier (kebab-case: fragments of "
                        + "lower-case or upper-case letters and digits joined by '-')");
            }
            return t;
        }
        if (t.kind() == Kind.ID) {
            throw t.pos().error("expected an identifier, found keyword '" + t.text() + "' (write '%" + t.text()
                    + "' to use it as a name)");
        }
        throw t.pos().error("expected an identifier, found " + t.describe());
    }

    private boolean atId() {
        Token t = peek();
        return t.kind() == Kind.EXPLICIT_ID || (t.kind() == Kind.ID && !WitLexer.KEYWORDS.contains(t.text()));
    }

    private SemVer version() {
        Pos pos = lexer.here();
        String v = lexer.version();
        try {
            return SemVer.parse(v);
        } catch (IllegalArgumentException e) {
            throw pos.error(v.isEmpty() ? "expected a version" : e.getMessage());
        }
    }

    private void enter(Pos pos) {
        if (++nesting > MAX_NESTING) {
            throw pos.error("nested more than " + MAX_NESTING + " levels deep");
        }
    }

    // ------------------------------------------------------------------ files and packages

    private File file() {
        List<PackageBody> bodies = new ArrayList<>();
        Optional<PackageName> root = Optional.empty();
        Pos rootPos = peek().pos();
        Body body = new Body();
        boolean first = true;
        while (peek().kind() != Kind.EOF) {
            if (at("package")) {
                Token kw = take();
                PackageName name = packageName();
                if (eat(";")) {
                    if (!first) {
                        throw kw.pos().error("the package declaration must come first in a file");
                    }
                    root = Optional.of(name);
                    rootPos = kw.pos();
                } else {
                    expect("{");
                    Body nested = new Body();
                    while (!at("}")) {
                        if (peek().kind() == Kind.EOF) {
                            throw peek().pos().error("expected '}' to close package " + name);
                        }
                        packageItem(nested, false);
                    }
                    take();
                    bodies.add(new PackageBody(Optional.of(name), kw.pos(), nested.uses, nested.interfaces,
                            nested.worlds, true));
                }
            } else {
                packageItem(body, true);
            }
            first = false;
        }
        if (root.isPresent() || !body.isEmpty() || bodies.isEmpty()) {
            bodies.add(0, new PackageBody(root, rootPos, body.uses, body.interfaces, body.worlds, false));
        }
        return new File(lexer.source(), bodies);
    }

    private static final class Body {
        final List<TopUse> uses = new ArrayList<>();
        final List<InterfaceDef> interfaces = new ArrayList<>();
        final List<WorldDef> worlds = new ArrayList<>();

        boolean isEmpty() {
            return uses.isEmpty() && interfaces.isEmpty() && worlds.isEmpty();
        }
    }

    private void packageItem(Body body, boolean topLevel) {
        Token first = peek();
        if (at("use")) {
            take();
            UsePath path = usePath();
            String as = eat("as") ? id() : null;
            expect(";");
            body.uses.add(new TopUse(path, as, first.pos()));
            return;
        }
        Gate gate = gates();
        Meta meta = new Meta(first.docs(), gate, first.pos());
        if (eat("interface")) {
            String name = id();
            body.interfaces.add(new InterfaceDef(name, meta, interfaceBody()));
        } else if (eat("world")) {
            String name = id();
            body.worlds.add(new WorldDef(name, meta, worldBody()));
        } else {
            throw peek().pos().error("expected 'interface', 'world', 'use'" + (topLevel ? " or 'package'" : "")
                    + ", found " + peek().describe());
        }
    }

    private PackageName packageName() {
        Pos pos = peek().pos();
        List<String> parts = new ArrayList<>();
        parts.add(id());
        expect(":");
        parts.add(id());
        while (eat(":")) {
            parts.add(id());
        }
        Optional<SemVer> version = Optional.empty();
        if (at("@")) {
            take();
            version = Optional.of(version());
        }
        try {
            return new PackageName(parts.subList(0, parts.size() - 1), parts.get(parts.size() - 1), version);
        } catch (IllegalArgumentException e) {
            throw pos.error(e.getMessage());
        }
    }

    /** {@code id} or {@code ns:pkg/iface@ver} (also nested {@code ns:a:b/iface}). */
    private UsePath usePath() {
        Token first = idToken();
        if (!at(":")) {
            return new LocalPath(first.text(), first.pos());
        }
        return qualifiedRest(first);
    }

    private UsePath qualifiedRest(Token first) {
        List<String> parts = new ArrayList<>();
        parts.add(first.text());
        while (eat(":")) {
            parts.add(id());
        }
        expect("/");
        String iface = id();
        if (at("/")) {
            throw peek().pos().error("unsupported: nested interface paths");
        }
        Optional<SemVer> version = Optional.empty();
        if (at("@")) {
            take();
            version = Optional.of(version());
        }
        try {
            return new QualifiedPath(new PackageName(parts.subList(0, parts.size() - 1), parts.get(parts.size() - 1),
                    version), iface, first.pos());
        } catch (IllegalArgumentException e) {
            throw first.pos().error(e.getMessage());
        }
    }

    // ------------------------------------------------------------------ gates

    private Gate gates() {
        Optional<SemVer> since = Optional.empty();
        Optional<String> unstable = Optional.empty();
        Optional<SemVer> deprecated = Optional.empty();
        while (at("@")) {
            Token at = take();
            Token name = take();
            expect("(");
            switch (name.text()) {
                case "since":
                    expectField("version");
                    since = Optional.of(version());
                    if (eat(",")) {
                        // legacy `@since(version = x, feature = y)`
                        expectField("feature");
                        id();
                    }
                    break;
                case "unstable":
                    expectField("feature");
                    unstable = Optional.of(id());
                    break;
                case "deprecated":
                    expectField("version");
                    deprecated = Optional.of(version());
                    break;
                case "external-id":
                    if (peek().kind() != Kind.STRING) {
                        throw peek().pos().error("expected a string literal, found " + peek().describe());
                    }
                    take();
                    break;
                default:
                    throw name.pos().error("unknown attribute '@" + name.text()
                            + "' (expected @since, @unstable, @deprecated or @external-id)");
            }
            expect(")");
            if (since.isPresent() && unstable.isPresent()) {
                throw at.pos().error("an item cannot be both @since and @unstable");
            }
        }
        if (deprecated.isPresent() && since.isEmpty() && unstable.isEmpty()) {
            // the spec pairs @deprecated with @since; wit-parser accepts it alone, and so do we
            return new Gate(since, unstable, deprecated);
        }
        return since.isEmpty() && unstable.isEmpty() && deprecated.isEmpty() ? Gate.NONE
                : new Gate(since, unstable, deprecated);
    }

    private void expectField(String field) {
        Token t = take();
        if (!t.is(field)) {
            throw t.pos().error("expected '" + field + "', found " + t.describe());
        }
        expect("=");
    }

    // ------------------------------------------------------------------ interfaces

    private List<InterfaceItem> interfaceBody() {
        Token open = expect("{");
        enter(open.pos());
        List<InterfaceItem> items = new ArrayList<>();
        while (!eat("}")) {
            if (peek().kind() == Kind.EOF) {
                throw peek().pos().error("expected '}' to close the interface opened at line " + open.pos().line());
            }
            items.add(interfaceItem());
        }
        nesting--;
        return items;
    }

    private InterfaceItem interfaceItem() {
        Token first = peek();
        Gate gate = gates();
        Meta meta = new Meta(first.docs(), gate, first.pos());
        if (at("use")) {
            return useItem(meta);
        }
        Optional<TypeItem> typedef = typeItem(meta);
        if (typedef.isPresent()) {
            return typedef.get();
        }
        if (atId()) {
            String name = id();
            expect(":");
            Signature sig = funcType();
            expect(";");
            return new FuncItem(name, sig, meta);
        }
        throw peek().pos().error("expected a type definition, 'use' or a function, found " + peek().describe());
    }

    private UseItem useItem(Meta meta) {
        expect("use");
        UsePath path = usePath();
        expect(".");
        expect("{");
        List<UseName> names = new ArrayList<>();
        do {
            if (at("}")) {
                break;
            }
            Token n = idToken();
            String as = eat("as") ? id() : null;
            names.add(new UseName(n.text(), as, n.pos()));
        } while (eat(","));
        expect("}");
        expect(";");
        if (names.isEmpty()) {
            throw path.pos().error("a 'use' must name at least one type");
        }
        return new UseItem(path, names, meta);
    }

    private Optional<TypeItem> typeItem(Meta meta) {
        Token kw = peek();
        if (eat("type")) {
            String name = typeName(kw);
            expect("=");
            TypeRef t = type();
            expect(";");
            return Optional.of(new TypeItem(name, new AliasBody(t), meta));
        }
        if (eat("record")) {
            String name = typeName(kw);
            List<Field> fields = new ArrayList<>();
            expect("{");
            while (!at("}")) {
                Token f = peek();
                String fname = id();
                expect(":");
                fields.add(new Field(fname, type(), f.docs(), f.pos()));
                if (!eat(",")) {
                    break;
                }
            }
            expect("}");
            return Optional.of(new TypeItem(name, new RecordBody(fields), meta));
        }
        if (eat("variant")) {
            String name = typeName(kw);
            List<Case> cases = cases(true);
            return Optional.of(new TypeItem(name, new VariantBody(cases), meta));
        }
        if (eat("enum")) {
            String name = typeName(kw);
            return Optional.of(new TypeItem(name, new EnumBody(cases(false)), meta));
        }
        if (eat("flags")) {
            String name = typeName(kw);
            return Optional.of(new TypeItem(name, new FlagsBody(cases(false)), meta));
        }
        if (eat("resource")) {
            String name = typeName(kw);
            List<ResourceFunc> fs = new ArrayList<>();
            if (!eat(";")) {
                Token open = expect("{");
                while (!eat("}")) {
                    if (peek().kind() == Kind.EOF) {
                        throw peek().pos().error("expected '}' to close resource " + name + " opened at line "
                                + open.pos().line());
                    }
                    fs.add(resourceFunc());
                }
                eat(";");
            }
            return Optional.of(new TypeItem(name, new ResourceBody(fs), meta));
        }
        return Optional.empty();
    }

    private String typeName(Token keyword) {
        if (at(":")) {
            throw keyword.pos().error("'" + keyword.text() + "' is a keyword; write '%" + keyword.text()
                    + "' to use it as a name");
        }
        return id();
    }

    private List<Case> cases(boolean payloads) {
        List<Case> cases = new ArrayList<>();
        expect("{");
        while (!at("}")) {
            Token c = peek();
            String name = id();
            Optional<TypeRef> t = Optional.empty();
            if (payloads && eat("(")) {
                t = Optional.of(type());
                expect(")");
            }
            cases.add(new Case(name, t, c.docs(), c.pos()));
            if (!eat(",")) {
                break;
            }
        }
        expect("}");
        return cases;
    }

    private ResourceFunc resourceFunc() {
        Token first = peek();
        Gate gate = gates();
        Meta meta = new Meta(first.docs(), gate, first.pos());
        if (eat("constructor")) {
            List<Param> params = params();
            Optional<TypeRef> result = Optional.empty();
            if (eat("->")) {
                result = Optional.of(type());
            }
            expect(";");
            return new ResourceFunc(FuncKind.CONSTRUCTOR, "constructor", new Signature(params, result, first.pos()),
                    meta);
        }
        String name = id();
        expect(":");
        boolean isStatic = eat("static");
        Signature sig = funcType();
        expect(";");
        return new ResourceFunc(isStatic ? FuncKind.STATIC : FuncKind.METHOD, name, sig, meta);
    }

    private Signature funcType() {
        Token first = peek();
        if (at("async")) {
            throw first.pos().error("unsupported: async functions (component model async is not supported)");
        }
        expect("func");
        List<Param> params = params();
        Optional<TypeRef> result = Optional.empty();
        if (eat("->")) {
            if (at("(")) {
                throw peek().pos().error("unsupported: named or multiple function results (removed from WIT); "
                        + "return a tuple or record");
            }
            result = Optional.of(type());
        }
        return new Signature(params, result, first.pos());
    }

    private List<Param> params() {
        expect("(");
        List<Param> params = new ArrayList<>();
        while (!at(")")) {
            Token p = peek();
            String name = id();
            expect(":");
            params.add(new Param(name, type(), p.pos()));
            if (!eat(",")) {
                break;
            }
        }
        expect(")");
        return params;
    }

    // ------------------------------------------------------------------ types

    private TypeRef type() {
        Token t = peek();
        Pos pos = t.pos();
        if (t.kind() == Kind.ID) {
            String w = t.text();
            Optional<PrimitiveType> prim = PrimitiveType.fromWit(w.equals("float32") ? "f32"
                    : w.equals("float64") ? "f64" : w);
            if (prim.isPresent() && WitLexer.KEYWORDS.contains(w)) {
                take();
                return new PrimRef(prim.get(), pos);
            }
            switch (w) {
                case "list": {
                    take();
                    enter(pos);
                    expect("<");
                    TypeRef e = type();
                    if (at(",")) {
                        throw peek().pos().error("unsupported: fixed-length lists");
                    }
                    expect(">");
                    nesting--;
                    return new ListRef(e, pos);
                }
                case "option": {
                    take();
                    enter(pos);
                    expect("<");
                    TypeRef e = type();
                    expect(">");
                    nesting--;
                    return new OptionRef(e, pos);
                }
                case "result": {
                    take();
                    if (!eat("<")) {
                        return new ResultRef(Optional.empty(), Optional.empty(), pos);
                    }
                    enter(pos);
                    Optional<TypeRef> ok = Optional.empty();
                    if (!eat("_")) {
                        ok = Optional.of(type());
                    }
                    Optional<TypeRef> err = Optional.empty();
                    if (eat(",")) {
                        err = Optional.of(type());
                    } else if (ok.isEmpty()) {
                        throw peek().pos().error("expected ',' and an error type after 'result<_'");
                    }
                    expect(">");
                    nesting--;
                    return new ResultRef(ok, err, pos);
                }
                case "tuple": {
                    take();
                    enter(pos);
                    expect("<");
                    List<TypeRef> es = new ArrayList<>();
                    while (!at(">")) {
                        es.add(type());
                        if (!eat(",")) {
                            break;
                        }
                    }
                    expect(">");
                    nesting--;
                    if (es.isEmpty()) {
                        throw pos.error("a tuple needs at least one element type");
                    }
                    return new TupleRef(es, pos);
                }
                case "borrow":
                case "own": {
                    take();
                    expect("<");
                    String name = id();
                    expect(">");
                    return new HandleRef(name, w.equals("borrow"), pos);
                }
                case "future":
                case "stream": {
                    take();
                    if (!eat("<")) {
                        return new AsyncRef(w.equals("future"), Optional.empty(), pos);
                    }
                    enter(pos);
                    TypeRef e = type();
                    expect(">");
                    nesting--;
                    return new AsyncRef(w.equals("future"), Optional.of(e), pos);
                }
                case "map":
                    throw pos.error("unsupported: " + w + " types");
                default:
                    break;
            }
        }
        if (atId()) {
            return new NameRef(id(), pos);
        }
        throw pos.error("expected a type, found " + t.describe());
    }

    // ------------------------------------------------------------------ worlds

    private List<WorldItem> worldBody() {
        Token open = expect("{");
        List<WorldItem> items = new ArrayList<>();
        while (!eat("}")) {
            if (peek().kind() == Kind.EOF) {
                throw peek().pos().error("expected '}' to close the world opened at line " + open.pos().line());
            }
            items.add(worldItem());
        }
        return items;
    }

    private WorldItem worldItem() {
        Token first = peek();
        Gate gate = gates();
        Meta meta = new Meta(first.docs(), gate, first.pos());
        if (at("use")) {
            return useItem(meta);
        }
        if (at("import") || at("export")) {
            boolean export = take().text().equals("export");
            return externItem(export, meta);
        }
        if (eat("include")) {
            UsePath path = usePath();
            Map<String, String> with = new LinkedHashMap<>();
            if (eat("with")) {
                expect("{");
                while (!at("}")) {
                    Token from = idToken();
                    expect("as");
                    String to = id();
                    if (with.put(from.text(), to) != null) {
                        throw from.pos().error("'" + from.text() + "' is renamed twice");
                    }
                    if (!eat(",")) {
                        break;
                    }
                }
                expect("}");
                eat(";");
            } else {
                expect(";");
            }
            return new IncludeItem(path, with, meta);
        }
        Optional<TypeItem> typedef = typeItem(meta);
        if (typedef.isPresent()) {
            return typedef.get();
        }
        throw peek().pos().error("expected 'import', 'export', 'use', 'include' or a type definition, found "
                + peek().describe());
    }

    private ExternItem externItem(boolean export, Meta meta) {
        Token name = idToken();
        if (at(":")) {
            Token colon = peek();
            boolean adjacent = colon.start() == name.end() && !lexer.immediately(' ') && !lexer.immediately('\t')
                    && !lexer.immediately('\n') && !lexer.immediately('\r');
            if (!adjacent) {
                take();
                if (at("func") || at("async")) {
                    Signature sig = funcType();
                    expect(";");
                    return new ExternItem(export, Optional.of(name.text()), new FuncExtern(sig), meta);
                }
                if (eat("interface")) {
                    return new ExternItem(export, Optional.of(name.text()), new InlineInterface(interfaceBody()),
                            meta);
                }
                UsePath path = usePath();
                expect(";");
                return new ExternItem(export, Optional.of(name.text()), new PathExtern(path), meta);
            }
            UsePath path = qualifiedRest(name);
            expect(";");
            return new ExternItem(export, Optional.empty(), new PathExtern(path), meta);
        }
        expect(";");
        return new ExternItem(export, Optional.empty(), new PathExtern(new LocalPath(name.text(), name.pos())), meta);
    }
}
