package io.veriflow.app.http;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.validation.exceptions.ConstraintExceptionHandler;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Bean validation failures as problems with JSON pointers: a body whose fields break their constraints is
 * {@code 422 validation-failed} (one error per field, e.g. {@code /subject}); a constrained parameter (query, path,
 * header) is {@code 400 invalid-field} named by the parameter. Replaces micronaut-validation's handler, whose
 * paths name Java methods and parameters.
 */
@Singleton
@Replaces(ConstraintExceptionHandler.class)
@Produces(Problem.MEDIA_TYPE)
final class ConstraintViolationHandler
        implements ExceptionHandler<ConstraintViolationException, HttpResponse<Problem>> {

    @Override
    @SuppressWarnings("rawtypes") // ExceptionHandler declares the request raw
    public HttpResponse<Problem> handle(HttpRequest request, ConstraintViolationException exception) {
        List<Problem.FieldError> bodyErrors = new ArrayList<>();
        List<Problem.FieldError> parameterErrors = new ArrayList<>();
        for (ConstraintViolation<?> violation : exception.getConstraintViolations()) {
            Located located = locate(violation.getPropertyPath());
            // Constraint messages are templates like "must not be blank"; none of ours interpolates the value.
            Problem.FieldError error = new Problem.FieldError(located.pointer(), violation.getMessage());
            (located.inBody() ? bodyErrors : parameterErrors).add(error);
        }
        Comparator<Problem.FieldError> byPointer = Comparator.comparing(Problem.FieldError::pointer);
        bodyErrors.sort(byPointer);
        parameterErrors.sort(byPointer);
        Problem problem = parameterErrors.isEmpty()
                ? ProblemType.VALIDATION_FAILED.problemAt(bodyErrors, "The request body has invalid fields.")
                : ProblemType.INVALID_FIELD.problemAt(parameterErrors, "The request has invalid parameters.");
        return ProblemResponses.of(request, problem);
    }

    private record Located(String pointer, boolean inBody) {
    }

    /**
     * A violation path is {@code method.parameter[.property[index]...]}. Properties below the parameter are body
     * fields and become a JSON pointer (camelCase names in their snake_case wire form); otherwise the parameter is at
     * fault and is named as it appears in the request.
     */
    private static Located locate(Path path) {
        StringBuilder pointer = new StringBuilder();
        String parameter = "";
        boolean pastParameter = false;
        for (Path.Node node : path) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (kind == ElementKind.PARAMETER && !pastParameter) {
                parameter = node.getName();
                pastParameter = true;
                continue;
            }
            if (node.getName() != null && !node.getName().isEmpty() && !node.getName().startsWith("<")) {
                pointer.append('/').append(snakeCase(node.getName()));
            }
            if (node.getIndex() != null) {
                pointer.append('/').append(node.getIndex());
            } else if (node.getKey() != null) {
                pointer.append('/').append(node.getKey());
            }
        }
        return pointer.isEmpty() ? new Located(parameter, false) : new Located(pointer.toString(), true);
    }

    static String snakeCase(String name) {
        StringBuilder snake = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    snake.append('_');
                }
                snake.append(Character.toLowerCase(c));
            } else {
                snake.append(c);
            }
        }
        return snake.toString();
    }
}
