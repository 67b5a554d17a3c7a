/** A response schema shaped like a real sentiment-labelling project. */
export function reviewSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    title: 'Review',
    required: ['sentiment', 'confidence'],
    properties: {
      sentiment: {
        title: 'Sentiment',
        description: 'Overall tone of the text',
        type: 'string',
        enum: ['positive', 'neutral', 'negative'],
      },
      confidence: { title: 'Confidence', type: 'integer', minimum: 1, maximum: 5 },
      notes: { type: 'string', maxLength: 500, description: 'Anything the reviewer should know' },
      flags: {
        type: 'array',
        items: { enum: ['spam', 'offensive', 'off_topic'] },
        uniqueItems: true,
        maxItems: 2,
      },
      details: {
        type: 'object',
        title: 'Details',
        required: ['quality'],
        properties: {
          quality: { $ref: '#/$defs/quality' },
          language: { type: 'string', maxLength: 20, pattern: '^[a-z]{2}$' },
        },
      },
      is_sarcastic: { type: 'boolean' },
      topic: {
        oneOf: [
          { const: 'sport', title: 'Sport' },
          { const: 'politics', title: 'Politics' },
        ],
      },
      score: { type: 'number', minimum: 0, maximum: 100 },
      spans: {
        type: 'array',
        items: {
          type: 'object',
          properties: { start: { type: 'integer' }, end: { type: 'integer' } },
        },
      },
    },
    $defs: {
      quality: { title: 'Quality', type: 'string', enum: ['good', 'poor'], default: 'good' },
    },
  };
}

export const HOSTILE = '<img src=x onerror=alert(1)>';
