{{/* Chart name. */}}
{{- define "riskstream.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-scoped base name. */}}
{{- define "riskstream.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of one service's objects: <fullname>-<service>. Call with (dict "root" $ "name" $name). */}}
{{- define "riskstream.serviceName" -}}
{{- printf "%s-%s" (include "riskstream.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "riskstream.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels common to every object. */}}
{{- define "riskstream.labels" -}}
helm.sh/chart: {{ include "riskstream.chart" . }}
app.kubernetes.io/part-of: riskstream
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Labels of one service's objects: the common ones and the service's own (each key once: duplicate keys make
the manifest invalid YAML). Call with (dict "root" $ "name" $name). */}}
{{- define "riskstream.serviceLabels" -}}
{{ include "riskstream.labels" .root }}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{/* Selector labels of one service. Call with (dict "root" $ "name" $name). */}}
{{- define "riskstream.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "riskstream.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "riskstream.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "riskstream.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "riskstream.configMapName" -}}
{{- printf "%s-env" (include "riskstream.fullname" .) -}}
{{- end -}}

{{- define "riskstream.databaseSecretName" -}}
{{- required "database.existingSecret (or database.url) is required: DATABASE_URL is read from a Secret" .Values.database.existingSecret -}}
{{- end -}}

{{/* Variables coming from Secrets (DATABASE_URL, Kafka SASL credentials). */}}
{{- define "riskstream.secretEnv" -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "riskstream.databaseSecretName" . }}
      key: {{ .Values.database.urlKey }}
{{- if .Values.kafka.sasl.mechanism }}
- name: KAFKA_SASL_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.sasl.existingSecret is required when kafka.sasl.mechanism is set" .Values.kafka.sasl.existingSecret }}
      key: {{ .Values.kafka.sasl.usernameKey }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.kafka.sasl.existingSecret }}
      key: {{ .Values.kafka.sasl.passwordKey }}
{{- end }}
{{- end -}}

{{/* Plain common variables (the ConfigMap's data, also inlined in the migration hook, which runs before it exists). */}}
{{- define "riskstream.commonEnv" -}}
NODE_ENV: {{ .Values.nodeEnv | quote }}
LOG_LEVEL: {{ .Values.logLevel | quote }}
HOST: "0.0.0.0"
KAFKA_BROKERS: {{ required "kafka.brokers is required" .Values.kafka.brokers | quote }}
KAFKA_SSL: {{ .Values.kafka.ssl | toString | quote }}
{{- if .Values.kafka.sasl.mechanism }}
KAFKA_SASL_MECHANISM: {{ .Values.kafka.sasl.mechanism | quote }}
{{- end }}
DATABASE_POOL_SIZE: {{ .Values.database.poolSize | toString | quote }}
DATABASE_STATEMENT_CACHE_SIZE: {{ .Values.database.statementCacheSize | toString | quote }}
{{- if .Values.otel.endpoint }}
OTEL_EXPORTER_OTLP_ENDPOINT: {{ .Values.otel.endpoint | quote }}
{{- end }}
SHUTDOWN_TIMEOUT_MS: {{ .Values.shutdownTimeoutMs | toString | quote }}
{{- end -}}
