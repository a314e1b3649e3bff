package org.sleepdelta.cli.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The files of the repository the tests run in, as a fresh checkout has them: build output ({@code target/}), Git's
 * own files and dependencies ({@code node_modules/}) left out.
 */
final class RepositoryTree {
    private static final Set<String> NOT_SOURCES = Set.of("target", ".git", "node_modules");

    private final Path root;
    private final List<Path> files;
    private final Set<String> fileNames;

    private RepositoryTree(Path root) {
        this.root = root;
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    return NOT_SOURCES.contains(dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    found.add(root.relativize(file));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.sort(null);
        files = List.copyOf(found);
        fileNames = files.stream().map(f -> f.getFileName().toString()).collect(Collectors.toSet());
    }

    /** The repository around the module the tests run in (Maven runs them with the module as working directory). */
    static RepositoryTree current() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("mvnw")) && Files.isDirectory(candidate.resolve("cli"))) {
                return new RepositoryTree(candidate);
            }
        }
        throw new IllegalStateException("no repository root (with mvnw and cli/) above " + dir);
    }

    Path root() {
        return root;
    }

    /** Every file, relative to the root. */
    List<Path> files() {
        return files;
    }

    /** The names of the entries at the root, e.g. {@code cli}, {@code README.md}, {@code .ci}. */
    Set<String> topLevelNames() {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(name -> !NOT_SOURCES.contains(name))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a file of this name (no directory) is anywhere in the repository. */
    boolean hasFileNamed(String name) {
        return fileNames.contains(name);
    }

    /** Whether the path, relative to the root, is a file or directory of the repository (not build output). */
    boolean exists(Path relative) {
        Path normalised = relative.normalize();
        return !normalised.startsWith("..") && isSource(normalised) && Files.exists(root.resolve(normalised));
    }

    String read(Path relative) {
        try {
            return Files.readString(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isSource(Path relative) {
        for (Path part : relative) {
            if (NOT_SOURCES.contains(part.toString())) {
                return false;
            }
        }
        return true;
    }
}
