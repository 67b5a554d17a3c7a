package io.annotrail.app.prelabel;

import io.annotrail.app.security.CurrentUser;
import io.annotrail.app.web.Access;
import io.annotrail.app.web.Gateways;
import io.annotrail.app.web.ReadConsistency;
import io.annotrail.command.directory.Directory;
import io.annotrail.command.prelabel.LlmClient;
import io.annotrail.command.prelabel.LlmSettings;
import io.annotrail.command.prelabel.PromptTemplate;
import io.annotrail.command.prelabel.PromptTemplates;
import io.annotrail.domain.common.BatchId;
import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.Role;
import io.annotrail.domain.common.Violation;
import io.annotrail.domain.job.JobId;
import io.annotrail.domain.job.StartPrelabelJobCommand;
import io.annotrail.domain.project.FindProjectQuery;
import io.annotrail.domain.project.ProjectView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Jobs", description = "Bulk assignment, export and the progress of long-running jobs")
class PrelabelController {

    record PrelabelRequest(@Size(max = 200) String model, @Size(max = 64) String promptId) {
    }

    record JobStarted(UUID jobId) {
    }

    private final Gateways gateways;
    private final Access access;
    private final ReadConsistency readConsistency;
    private final ObjectProvider<LlmClient> clients;
    private final LlmSettings settings;
    private final PromptTemplates prompts;

    PrelabelController(Gateways gateways, Access access, ReadConsistency readConsistency,
                       ObjectProvider<LlmClient> clients, LlmSettings settings, PromptTemplates prompts) {
        this.gateways = gateways;
        this.access = access;
        this.readConsistency = readConsistency;
        this.clients = clients;
        this.settings = settings;
        this.prompts = prompts;
    }

    @PostMapping("/batches/{batchId}/prelabel")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Ask the configured model for one suggestion per task of the batch; answers a job id",
            description = "Tasks that have a suggestion already are not asked again. Suggestions are validated "
                    + "against the project's current response schema and only pre-fill annotators' forms. 409 "
                    + "LLM_NOT_CONFIGURED when no endpoint is configured. promptId names a template in prompts/ "
                    + "(default: default-labeller); model defaults to ANNOTRAIL_LLM_MODEL.")
    JobStarted prelabel(@PathVariable UUID batchId, @Valid @RequestBody(required = false) PrelabelRequest request) {
        BatchId id = new BatchId(batchId);
        Directory.BatchEntry batch = access.requireBatch(id, Role.MANAGING);
        if (clients.getIfAvailable() == null) {
            throw LlmConfig.notConfigured();
        }
        String model = request == null || request.model() == null || request.model().isBlank()
                ? settings.model() : request.model().strip();
        if (model == null) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "model is required: no default is configured",
                    List.of(new Violation("model", "is required (no ANNOTRAIL_LLM_MODEL default is configured)")));
        }
        // Loaded here, once: the job carries this text and its hash, whatever happens to the file later.
        PromptTemplate template = prompts.load(request == null ? null : request.promptId());
        ProjectView project = gateways.query(new FindProjectQuery(batch.projectId()), ProjectView.class,
                "workspaces");
        // The saga selects tasks (and skips suggested ones) from the task read model: let it see every earlier write.
        readConsistency.await("tasks");
        JobId jobId = JobId.random();
        gateways.send(new StartPrelabelJobCommand(jobId, id, model, template.id(), template.sha256(),
                template.text(), project == null ? "" : project.instructions(), CurrentUser.get().id()));
        return new JobStarted(jobId.value());
    }
}
