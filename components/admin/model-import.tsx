"use client";
import { useId, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useImportModels, type ImportReport } from "@/lib/client/admin";
import { isApiError } from "@/lib/client/api";
import { useModels } from "@/lib/client/team";

const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** Reads a chosen file as JSON, or says plainly why it cannot be used. */
async function readJsonFile(file: File, name: string): Promise<unknown> {
  if (file.size > MAX_FILE_BYTES) throw new Error(`${name} is ${Math.round(file.size / 1024 / 1024)} MB; the limit is 8 MB.`);
  try {
    return JSON.parse(await file.text());
  } catch {
    throw new Error(`${name} is not valid JSON.`);
  }
}

/**
 * A provider's models: how many can be used, and an import of the provider's openapi.json (and
 * docs.json) that adds or refreshes models and their request schemas, as the provider's own
 * inspect tool reads them.
 */
export function ModelImport({ provider }: { provider: string }) {
  const models = useModels();
  const importModels = useImportModels();
  const openapiId = useId();
  const docsId = useId();
  const [openapiFile, setOpenapiFile] = useState<File | null>(null);
  const [docsFile, setDocsFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const own = (models.data ?? []).filter((model) => model.provider === provider);
  const usable = own.filter((model) => !model.unavailable).length;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (!openapiFile) {
      setProblem("Choose the provider's openapi.json first.");
      return;
    }
    try {
      const openapi = await readJsonFile(openapiFile, "openapi.json");
      const docs = docsFile ? await readJsonFile(docsFile, "docs.json") : undefined;
      importModels.mutate({ provider, openapi, ...(docs !== undefined ? { docs } : {}) });
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  const failure = importModels.error
    ? isApiError(importModels.error)
      ? importModels.error.message
      : "The import failed. Try again."
    : null;

  return (
    <div className="mt-5 border-t border-zinc-100 pt-4">
      <h3 className="text-sm font-semibold text-zinc-900">Models</h3>
      <p className="mt-1 text-sm text-zinc-600">
        {models.data ? `${usable} of ${own.length} can be used; the others have no request schema Cutroom could read.` : "Counting models…"}{" "}
        Import the provider&apos;s <code className="text-xs">openapi.json</code> to add models or refresh their fields.
      </p>
      <form onSubmit={submit} className="mt-3 space-y-3" noValidate>
        <div className="grid gap-3 sm:grid-cols-2">
          <FilePick id={openapiId} label="openapi.json" onPick={setOpenapiFile} />
          <FilePick id={docsId} label="docs.json (optional)" onPick={setDocsFile} />
        </div>
        {(problem ?? failure) ? (
          <p className="text-sm text-red-700" role="alert">
            {problem ?? failure}
          </p>
        ) : null}
        <Button type="submit" variant="secondary" busy={importModels.isPending}>
          Import models
        </Button>
      </form>
      {importModels.data ? <ImportSummary report={importModels.data} /> : null}
    </div>
  );
}

function FilePick({ id, label, onPick }: { id: string; label: string; onPick: (file: File | null) => void }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
        {label}
      </label>
      <input
        id={id}
        type="file"
        accept="application/json,.json"
        onChange={(event) => onPick(event.target.files?.[0] ?? null)}
        className="block w-full text-sm text-zinc-700 file:mr-3 file:rounded-md file:border-0 file:bg-zinc-100 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-zinc-800 hover:file:bg-zinc-200"
      />
    </div>
  );
}

function ImportSummary({ report }: { report: ImportReport }) {
  const line = (items: ImportReport["added"]) =>
    items.map((item) => `${item.label} (${item.id})${item.usable ? "" : ": no usable form"}`).join(", ");
  return (
    <Alert tone="success" title={`Imported: ${report.added.length} added, ${report.updated.length} refreshed.`} className="mt-3">
      {report.added.length ? <p className="break-words">Added: {line(report.added)}.</p> : null}
      {report.updated.length ? <p className="break-words">Refreshed: {line(report.updated)}.</p> : null}
      {report.skipped.length ? (
        <p className="break-words">Skipped: {report.skipped.map((item) => `${item.endpoint} (${item.reason})`).join("; ")}</p>
      ) : null}
    </Alert>
  );
}
